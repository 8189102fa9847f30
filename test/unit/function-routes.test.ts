import { describe, expect, it } from 'vitest';
import { contextOf, contexts } from '../../functions/coordination/handler.ts';
import { routeModule as exportsModule } from '../../functions/exports/handler.ts';
import { routeModule as smsModule } from '../../functions/sms/handler.ts';
import { routes } from '../../shared/http/routes.ts';

// Each Lambda imports its own routes (so it bundles and builds only its schemas); together they must be the
// route table, and the coordination function must find every route in the context it loads for it.
describe('the routes each function serves', () => {
  const ids = (list: readonly { id: string }[]) => list.map((r) => r.id).sort();

  it('are exactly the sms and exports entries of the route table', () => {
    expect(ids(smsModule.routes)).toEqual(ids(routes.filter((r) => r.fn === 'sms')));
    expect(ids(exportsModule.routes)).toEqual(ids(routes.filter((r) => r.fn === 'exports')));
  });

  it('are exactly the coordination entries, across its contexts, each in the context its path names', async () => {
    const served: string[] = [];
    for (const [name, load] of Object.entries(contexts)) {
      const module = await load();
      for (const route of module.routes) {
        expect(contextOf(`${route.method} ${route.path}`)).toBe(name);
        expect(module.handlers[route.id]).toBeTypeOf('function');
        served.push(route.id);
      }
    }
    expect(served.sort()).toEqual(ids(routes.filter((r) => r.fn === 'coordination')));
  });
});
