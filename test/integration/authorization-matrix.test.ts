// Every route of the route table, times every role, in scope and out of scope, gets the status that the
// route's access rule says. The expectations come from the route table itself; this file only supplies a
// valid example request per route. A route without an entry here fails the test.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/enums.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import { routes } from '../../shared/http/routes.ts';
import { call, type Who } from '../support/api.ts';
import {
  aCase,
  admin,
  analyst,
  coordinatorDJ,
  coordinatorGJ,
  prosecutorCraiova,
  prosecutorOther,
} from '../support/factories.ts';
import { hearingSmsExamples } from '../support/hearing-sms-examples.ts';
import { protectionVoucherExamples } from '../support/protection-voucher-examples.ts';
import { surveyExamples } from '../support/survey-examples.ts';

interface Example {
  path: string;
  body?: unknown;
  ifMatch?: number;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** A fresh case in DJ / DIICOT-CRAIOVA for each request, so mutating examples never interfere. */
async function freshCase(): Promise<string> {
  const res = await call('POST', '/cases', { as: coordinatorDJ, body: aCase() });
  if (res.status !== 201) throw new Error(`could not create a case: ${res.status}`);
  return res.body.id;
}

const EXAMPLES: Record<string, () => Promise<Example>> = {
  health: async () => ({ path: '/health' }),
  openapi: async () => ({ path: '/openapi.json' }),
  createCase: async () => ({ path: '/cases', body: aCase() }),
  listCases: async () => ({ path: '/cases' }),
  getCase: async () => ({ path: `/cases/${await freshCase()}` }),
  patchCase: async () => ({
    path: `/cases/${await freshCase()}`,
    ifMatch: 1,
    body: { proceedingsStage: 'trial' },
  }),
  closeCase: async () => ({
    path: `/cases/${await freshCase()}/close`,
    ifMatch: 1,
    body: { reason: 'Proceedings ended' },
  }),
  erasePersonalData: async () => ({
    path: `/cases/${await freshCase()}/personal-data`,
    body: { reason: 'Erasure request' },
  }),
  listAudit: async () => ({ path: '/audit' }),
  ...protectionVoucherExamples(freshCase),
  ...hearingSmsExamples(freshCase),
  ...surveyExamples(freshCase),
  exportFeedback: async () => ({ path: '/exports/feedback?surveyId=exit&wave=2026-S1' }),
  exportIndicators: async () => ({ path: '/exports/indicators?period=2026-S1' }),
};

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

describe('the authorization matrix, derived from the route table', () => {
  it('has an example for every route', () => {
    const missing = routes.filter((r) => !r.path.startsWith('/_local/') && !EXAMPLES[r.id]).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const route of routes.filter((r) => r.access.kind === 'roles')) {
    const access = route.access as { roles: readonly Role[]; scoped: boolean };
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
        if (allowed && access.scoped && outside) {
          it(`answers 404 to a ${role} out of scope, revealing nothing`, async () => {
            const example = EXAMPLES[route.id];
            if (!example) throw new Error(`no example for ${route.id}`);
            const res = await request(route, outside, await example());
            tried.requests += 1;
            expect(res.status).toBe(404);
            expect(res.text).not.toMatch(/DJ|CRAIOVA/);
          });
        }
      }
    });
  }

  for (const route of routes.filter((r) => r.access.kind === 'public')) {
    it(`serves ${route.method} ${route.path} to anyone`, async () => {
      const example = EXAMPLES[route.id];
      if (!example) throw new Error(`no example for ${route.id}`);
      const res = await request(route, undefined, await example());
      tried.requests += 1;
      expect(res.status).toBe(route.successStatus);
    });
  }

  it('tried every combination', () => {
    process.stdout.write(`authorization matrix: ${tried.requests} requests over ${routes.length} routes\n`);
    expect(tried.requests).toBeGreaterThan(routes.length);
  });
});
