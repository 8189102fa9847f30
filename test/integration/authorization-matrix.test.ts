// Every deployed route of the route table, times every role, in scope and out of scope, gets the status that
// the route's access rule says; a route under /cases/{caseId} answers 404 to a caller outside the case's
// county or unit (its service reads the case and refuses, as if it did not exist). The expectations come from the route table itself; the valid example request per
// route comes from test/support/route-examples.ts. A route without an example fails the test.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/enums.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { routes } from '../../shared/http/routes.ts';
import { call, type Who } from '../support/api.ts';
import {
  admin,
  analyst,
  coordinatorDJ,
  coordinatorGJ,
  prosecutorCraiova,
  prosecutorOther,
} from '../support/factories.ts';
import { ROUTE_EXAMPLES as EXAMPLES, type Example } from '../support/route-examples.ts';

const IN_SCOPE: Record<Role, Who> = {
  coordinator: coordinatorDJ,
  prosecutor: prosecutorCraiova,
  analyst,
  admin,
};
const OUT_OF_SCOPE: Partial<Record<Role, Who>> = { coordinator: coordinatorGJ, prosecutor: prosecutorOther };
const ROLES: Role[] = ['coordinator', 'prosecutor', 'analyst', 'admin'];

function request(route: RouteDefinition, who: Who | undefined, example: Example) {
  return call(route.method, example.path, {
    as: who,
    body: example.body,
    rawBody: example.rawBody,
    ifMatch: example.ifMatch,
    headers: example.headers,
  });
}

const tried = { requests: 0 };
/** The local runtime's own routes are never deployed, so they are no part of the matrix. */
const deployed = routes.filter((r) => r.fn !== 'local');

describe('the authorization matrix, derived from the route table', () => {
  it('has an example for every route', () => {
    const missing = deployed.filter((r) => !EXAMPLES[r.id]).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const route of deployed.filter((r) => r.access.kind === 'roles')) {
    const access = route.access as { roles: readonly Role[] };
    const addressesOneCase = route.path.startsWith('/cases/{caseId}');
    describe(`${route.method} ${route.path}`, () => {
      it('refuses a request without a token with 401', async () => {
        const example = EXAMPLES[route.id];
        if (!example) throw new Error(`no example for ${route.id}`);
        const res = await request(route, undefined, await example());
        tried.requests += 1;
        expect(res.status).toBe(401);
      });

      for (const role of ROLES) {
        const allowed = access.roles.includes(role);
        it(`${allowed ? 'lets' : 'refuses'} a ${role} in scope${allowed ? '' : ' with 403'}`, async () => {
          const example = EXAMPLES[route.id];
          if (!example) throw new Error(`no example for ${route.id}`);
          const res = await request(route, IN_SCOPE[role], await example());
          tried.requests += 1;
          if (allowed) {
            expect([401, 403, 404]).not.toContain(res.status);
            expect(res.status).toBeLessThan(500);
          } else {
            expect(res.status).toBe(403);
          }
        });
        const outside = OUT_OF_SCOPE[role];
        if (allowed && addressesOneCase && outside) {
          it(`answers 404 to a ${role} out of scope, revealing nothing`, async () => {
            const example = EXAMPLES[route.id];
            if (!example) throw new Error(`no example for ${route.id}`);
            const res = await request(route, outside, await example());
            tried.requests += 1;
            expect(res.status).toBe(404);
            // The request id is a random ULID, which may spell DJ by chance: everything else must not.
            const { requestId: _random, ...problem } = res.body;
            expect(JSON.stringify(problem)).not.toMatch(/DJ|CRAIOVA/);
          });
        }
      }
    });
  }

  for (const route of deployed.filter((r) => r.access.kind === 'public')) {
    it(`serves ${route.method} ${route.path} to anyone`, async () => {
      const example = EXAMPLES[route.id];
      if (!example) throw new Error(`no example for ${route.id}`);
      const res = await request(route, undefined, await example());
      tried.requests += 1;
      expect(res.status).toBe(route.successStatus);
    });
  }

  it('tried every combination', () => {
    process.stdout.write(`authorization matrix: ${tried.requests} requests over ${deployed.length} routes\n`);
    expect(tried.requests).toBeGreaterThan(deployed.length);
  });
});
