// Valid example requests for the protection and voucher routes, for the authorization matrix: spread
// `...protectionVoucherExamples(freshCase)` into its EXAMPLES. Each example builds its own case and request.
import { localDateOf } from '../../shared/domain/local-date.ts';
import { call } from './api.ts';
import { coordinatorDJ, prosecutorCraiova } from './factories.ts';
import { aProtectionRequest, aVoucherRequest } from './protection-voucher-factories.ts';

interface Example {
  path: string;
  body?: unknown;
  ifMatch?: number;
}

async function protectionRequestPath(caseId: string): Promise<string> {
  const res = await call('POST', `/cases/${caseId}/protection-requests`, {
    as: coordinatorDJ,
    body: aProtectionRequest(),
  });
  if (res.status !== 201) throw new Error(`could not file a protection request: ${res.status}`);
  return `/cases/${caseId}/protection-requests/${res.body.id}`;
}

/** A measure in force (prosecution) or proposed to the court (trial) on the case, by its path. */
async function measurePath(caseId: string, stage: 'prosecution' | 'trial'): Promise<string> {
  const measure = stage === 'trial' ? 'closed_session_testimony' : 'psychologist_present';
  const filed = await call('POST', `/cases/${caseId}/protection-requests`, {
    as: coordinatorDJ,
    body: aProtectionRequest({ stage, measures: [{ type: measure, justification: 'She fears him' }] }),
  });
  if (filed.status !== 201) throw new Error(`could not file a protection request: ${filed.status}`);
  const decided = await call('POST', `/cases/${caseId}/protection-requests/${filed.body.id}/decision`, {
    as: prosecutorCraiova,
    ifMatch: 1,
    body: { decisions: [{ measure, outcome: 'confirmed' }] },
  });
  if (decided.status !== 200) throw new Error(`could not decide: ${decided.status}`);
  const list = await call('GET', `/cases/${caseId}/protection-measures`, { as: coordinatorDJ });
  const id = (stage === 'trial' ? list.body.proposedToCourt : list.body.items)[0]?.id;
  return `/cases/${caseId}/protection-measures/${id}`;
}

/** The threatened-witness ordinance a CPP 126(1)(a)-(d) measure needs during prosecution. */
export const anOrdinance = { number: '12/P/2025', date: '2025-01-10' };

/** A voucher request taken as far as `until`; dated 2024, so an issued one has already lapsed. */
async function voucherPath(caseId: string, until: 'filed' | 'approved' | 'issued'): Promise<string> {
  const filed = await call('POST', `/cases/${caseId}/voucher-requests`, {
    as: coordinatorDJ,
    body: aVoucherRequest({ filedAt: '2024-02-01' }),
  });
  if (filed.status !== 201) throw new Error(`could not file a voucher request: ${filed.status}`);
  const path = `/cases/${caseId}/voucher-requests/${filed.body.id}`;
  const steps: [string, number, unknown][] = [
    [
      'decision',
      1,
      {
        outcome: 'approved',
        amountGranted: { amount: 1000, currency: 'RON' },
        decidedAt: '2024-02-02T10:00:00Z',
        reference: 'H-1',
      },
    ],
    ['issued', 2, { issuedAt: '2024-02-03T10:00:00Z', distributor: 'Edenred' }],
  ];
  const count = { filed: 0, approved: 1, issued: 2 }[until];
  for (const [step, ifMatch, body] of steps.slice(0, count)) {
    const res = await call('POST', `${path}/${step}`, { as: coordinatorDJ, ifMatch, body });
    if (res.status !== 200) throw new Error(`could not record ${step}: ${res.status}`);
  }
  return path;
}

export function protectionVoucherExamples(
  freshCase: () => Promise<string>,
): Record<string, () => Promise<Example>> {
  return {
    createProtectionRequest: async () => ({
      path: `/cases/${await freshCase()}/protection-requests`,
      body: aProtectionRequest(),
    }),
    listCaseProtectionRequests: async () => ({ path: `/cases/${await freshCase()}/protection-requests` }),
    getProtectionRequest: async () => ({ path: await protectionRequestPath(await freshCase()) }),
    decideProtectionRequest: async () => ({
      path: `${await protectionRequestPath(await freshCase())}/decision`,
      ifMatch: 1,
      body: {
        decisions: [
          { measure: 'escort_travel', outcome: 'confirmed' },
          { measure: 'remote_av_distorted', outcome: 'rejected', reason: 'Not needed now' },
        ],
        threatenedWitnessOrdinance: anOrdinance,
      },
    }),
    getProtectionMeasure: async () => ({ path: await measurePath(await freshCase(), 'prosecution') }),
    reviewProtectionMeasure: async () => ({
      path: `${await measurePath(await freshCase(), 'prosecution')}/review`,
      ifMatch: 1,
      body: { outcome: 'maintained', reason: 'Threats continue', ordinance: anOrdinance },
    }),
    recordCourtDecision: async () => ({
      path: `${await measurePath(await freshCase(), 'trial')}/court-decision`,
      ifMatch: 1,
      body: {
        court: 'Tribunalul Dolj',
        date: localDateOf(new Date()),
        outcome: 'ordered',
        reference: 'Înch. 5/2026',
      },
    }),
    listProtectionQueue: async () => ({ path: '/protection-requests?status=pending' }),
    listCaseProtectionMeasures: async () => ({ path: `/cases/${await freshCase()}/protection-measures` }),
    listMeasuresDue: async () => ({ path: '/protection-measures/due' }),
    createProtectionWaiver: async () => ({
      path: `/cases/${await freshCase()}/protection-waivers`,
      body: { signedOn: '2025-01-10', legalRepresentativePresent: false },
    }),
    createVoucherRequest: async () => ({
      path: `/cases/${await freshCase()}/voucher-requests`,
      body: aVoucherRequest(),
    }),
    listVoucherRequests: async () => ({ path: `/cases/${await freshCase()}/voucher-requests` }),
    listVouchersAwaitingIssue: async () => {
      const filed = await call('POST', `/cases/${await freshCase()}/voucher-requests`, {
        as: coordinatorDJ,
        body: aVoucherRequest({ filedAt: '2024-02-01', referredAt: '2024-02-01' }),
      });
      if (filed.status !== 201) throw new Error(`could not file a referred request: ${filed.status}`);
      return { path: '/voucher-requests/awaiting-issue' };
    },
    getVoucherRequest: async () => ({ path: await voucherPath(await freshCase(), 'filed') }),
    decideVoucherRequest: async () => ({
      path: `${await voucherPath(await freshCase(), 'filed')}/decision`,
      ifMatch: 1,
      body: { outcome: 'rejected', decidedAt: '2024-02-02T10:00:00Z', reference: 'H-2' },
    }),
    issueVoucher: async () => ({
      path: `${await voucherPath(await freshCase(), 'approved')}/issued`,
      ifMatch: 2,
      body: { issuedAt: '2024-02-03T10:00:00Z', distributor: 'Edenred' },
    }),
    redeemVoucher: async () => ({
      path: `${await voucherPath(await freshCase(), 'issued')}/redeemed`,
      ifMatch: 3,
      body: { redeemedAt: '2024-02-10T10:00:00Z' },
    }),
    expireVoucher: async () => ({
      path: `${await voucherPath(await freshCase(), 'issued')}/expired`,
      ifMatch: 3,
    }),
  };
}
