import { describe, expect, it } from 'vitest';
import { functionRoutes as coordination } from '../../functions/coordination/handler.ts';
import { functionRoutes as exportsRoutes } from '../../functions/exports/handler.ts';
import { functionRoutes as sms } from '../../functions/sms/handler.ts';
import { routes } from '../../shared/http/routes.ts';

// Each Lambda imports its own routes (so it bundles only its schemas); together they must be the route table.
describe('the routes each function serves', () => {
  it.each([
    ['coordination', coordination],
    ['sms', sms],
    ['exports', exportsRoutes],
  ] as const)('are exactly the %s entries of the route table', (fn, list) => {
    const ids = (l: readonly { id: string }[]) => l.map((r) => r.id).sort();
    expect(ids(list)).toEqual(ids(routes.filter((r) => r.fn === fn)));
    expect(list.every((r) => r.fn === fn)).toBe(true);
  });
});
