// Test data and counter reads for protection requests and voucher requests.

import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { indicatorKeys } from '../../shared/data/keys.ts';
import { halfYearOf } from '../../shared/domain/periods.ts';
import type { CreateProtectionRequestBody } from '../../shared/domain/protection.ts';
import type { CreateVoucherRequestBody } from '../../shared/domain/voucher.ts';

export function aProtectionRequest(
  overrides: Partial<CreateProtectionRequestBody> = {},
): CreateProtectionRequestBody {
  return {
    stage: 'prosecution',
    riskAssessment: {
      factors: ['threats_from_offender', 'offender_at_large'],
      level: 'high',
      summary: 'The recruiter called her mother twice this week',
    },
    measures: [
      { type: 'escort_travel', justification: 'She travels alone by bus to the hearing' },
      { type: 'remote_av_distorted', justification: 'She fears facing the defendant' },
    ],
    ...overrides,
  };
}

export function aVoucherRequest(overrides: Partial<CreateVoucherRequestBody> = {}): CreateVoucherRequestBody {
  return {
    kind: 'advance_voucher',
    amountRequested: { amount: 1_500_000, currency: 'RON' },
    filedAt: '2025-11-20',
    tribunal: 'Tribunalul Dolj',
    uses: ['food', 'accommodation'],
    documents: ['criminal_complaint', 'identity_document'],
    ...overrides,
  };
}

/** The current period's indicator counter, read straight from the InsightsTable (0 when it does not exist). */
export async function readCounter(county: string, indicator: string, type?: string): Promise<number> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: indicatorKeys.counter(halfYearOf(new Date()), county, indicator, type),
      ConsistentRead: true,
    }),
  );
  return (out.Item?.['count'] as number | undefined) ?? 0;
}

/** A raw CoordinationTable item, to check what is stored (encryption, sparse keys). */
export async function readRawItem(key: {
  pk: string;
  sk: string;
}): Promise<Record<string, unknown> | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().coordination, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

/** A unit id no other test uses, so a unit's queue holds only this test's requests. */
export function aUnit(prefix: string): string {
  return `${prefix}-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;
}
