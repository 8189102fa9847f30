import { describe, expect, it } from 'vitest';
import { contextHandlers } from '../../functions/coordination/handler.ts';
import { routeModule as exportsModule } from '../../functions/exports/handler.ts';
import { routeModule as smsModule } from '../../functions/sms/handler.ts';
import { routes, routeTable } from '../../shared/http/routes.ts';

// The route table decides routing: each Lambda serves exactly its entries, and the coordination function
// finds the handler of every route in the context the table lists it under.
describe('the routes each function serves', () => {
  const ids = (list: readonly { id: string }[]) => list.map((r) => r.id).sort();

  it('are exactly the sms and exports entries of the route table', () => {
    expect(ids(smsModule.routes)).toEqual(ids(routes.filter((r) => r.fn === 'sms')));
    expect(ids(exportsModule.routes)).toEqual(ids(routes.filter((r) => r.fn === 'exports')));
    for (const module of [smsModule, exportsModule])
      for (const route of module.routes) expect(module.handlers[route.id]).toBeTypeOf('function');
  });

  it('has, for each coordination context, the handlers of exactly the routes listed under it', async () => {
    for (const [context, list] of Object.entries(routeTable.coordination)) {
      const handlers = await contextHandlers[context as keyof typeof contextHandlers]();
      expect(Object.keys(handlers).sort(), context).toEqual(ids(list));
    }
  });

  it('lists every route under the function it names, with the context it is listed in', () => {
    const coordinationContexts = Object.keys(routeTable.coordination);
    for (const route of routes.filter((r) => r.fn === 'coordination'))
      expect(coordinationContexts).toContain(route.context);
    // The outbox, the phone simulator, the clock and the mail inbox: never deployed.
    expect(routes.filter((r) => r.fn === 'local').map((r) => r.path)).toEqual([
      '/_local/outbox',
      '/_local/mail',
      '/_local/clock',
      '/_local/sms',
    ]);
  });

  it('keeps every route id and every method and path unique', () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(routes.length);
  });
});
