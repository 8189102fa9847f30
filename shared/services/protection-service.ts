// Use cases of protection: a coordinator files a risk assessment with the measures it calls for, the prosecutor
// of the case's unit decides each measure, the decided ones become the case's active measures under review.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { caseReplacementOf } from '../data/case-repository.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import { listCaseMessages, outboxCancellation } from '../data/outbox-repository.ts';
import type { Page } from '../data/pagination.ts';
import {
  CaseChangedError,
  findProtectionRequest,
  insertProtectionRequest,
  insertWaiver,
  listActiveMeasures,
  listCaseProtectionRequests,
  listDueMeasures,
  listProtectionQueue,
  listWaivers,
  writeDecision,
} from '../data/protection-repository.ts';
import { type CaseRecord, periodMarks } from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import type { MeasureType } from '../domain/enums.ts';
import { BusinessRuleError, ConflictError, PreconditionFailedError } from '../domain/errors.ts';
import { localDateOf, plusDays } from '../domain/local-date.ts';
import { halfYearOf } from '../domain/periods.ts';
import {
  type ActiveMeasureRecord,
  applyDecision,
  assertMeasuresFitStage,
  type CreateProtectionRequestBody,
  type DecisionBody,
  isUrgent,
  type ProtectionRequestRecord,
  type ProtectionRequestStatus,
  rejectionsOf,
  type WaiverBody,
  type WaiverRecord,
} from '../domain/protection.ts';
import { purposeOf, recipientFor } from '../domain/recipient.ts';
import { readCase, visibleCaseItem } from './case-service.ts';

function assertOpen(record: CaseRecord): void {
  if (record.status !== 'open') throw new BusinessRuleError('The case is closed; it takes no new requests.');
}

export async function fileProtectionRequest(
  principal: Principal,
  caseId: string,
  body: CreateProtectionRequestBody,
  now = clock.now(),
): Promise<ProtectionRequestRecord> {
  const file = await readCase(principal, caseId);
  assertOpen(file);
  assertMeasuresFitStage(
    body.stage,
    body.measures.map((m) => m.type),
  );
  const at = now.toISOString();
  const record: ProtectionRequestRecord = {
    id: ulid(now.getTime()),
    caseId,
    county: file.county,
    prosecutorUnit: file.prosecutorUnit,
    status: 'pending',
    stage: body.stage,
    urgent: isUrgent(body.riskAssessment.level, body.riskAssessment.factors, body.urgent),
    riskAssessment: body.riskAssessment,
    measures: body.measures,
    createdAt: at,
    createdBy: principal.sub,
    updatedAt: at,
    version: 1,
  };
  const counters = [
    indicatorIncrement({ period: halfYearOf(now), county: file.county, indicator: 'protection_requests' }),
  ];
  if (!tiesRepresentativeToOffender(file, body)) {
    await insertProtectionRequest(record, counters);
    return record;
  }
  for (let attempt = 1; ; attempt += 1) {
    const current = attempt === 1 ? file : await readCase(principal, caseId);
    assertOpen(current);
    const { caseWrite, cancellations } = await representativeCutOff(current, now);
    try {
      await insertProtectionRequest(record, [...counters, ...cancellations], caseWrite);
      return record;
    } catch (error) {
      if (!(error instanceof CaseChangedError)) throw error;
      if (attempt >= RACE_RETRIES)
        throw new ConflictError('The case changed while this was saved; try again.');
    }
  }
}

/** A race with a sender or a change of the case is retried this often before the client is told to retry. */
const RACE_RETRIES = 3;

function tiesRepresentativeToOffender(file: CaseRecord, body: CreateProtectionRequestBody): boolean {
  return body.riskAssessment.factors.includes('family_ties_to_offender') && !!file.victim.legalRepresentative;
}

/**
 * DOMAIN.md: a representative named by family_ties_to_offender is never safe to contact. The case records it
 * (safeToContact false, tiedToOffender) and every pending message addressed to them is cancelled, in the same
 * transaction as the request: no reminder can slip out to them between the two writes.
 */
async function representativeCutOff(file: CaseRecord, now: Date) {
  const representative = file.victim.legalRepresentative;
  const at = now.toISOString();
  const next: CaseRecord = {
    ...file,
    victim: {
      ...file.victim,
      legalRepresentative: { ...representative, safeToContact: false, tiedToOffender: true },
    },
    version: file.version + 1,
    updatedAt: at,
  };
  const addressed = (await listCaseMessages(file.id)).filter(
    (m) =>
      m.status === 'pending' &&
      (m.recipient ?? recipientFor(purposeOf(m.kind), file, now).role) === 'legal_representative',
  );
  return {
    caseWrite: await caseReplacementOf(next, { version: file.version, marks: periodMarks(file) }),
    cancellations: addressed.map((m) => outboxCancellation(m, at, 'recipient_unsafe')),
  };
}

export async function readProtectionRequest(
  principal: Principal,
  caseId: string,
  requestId: string,
): Promise<ProtectionRequestRecord> {
  return visibleCaseItem(
    principal,
    caseId,
    await findProtectionRequest(caseId, requestId),
    'protection request',
  );
}

export async function listProtectionRequestsOfCase(
  principal: Principal,
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<ProtectionRequestRecord>> {
  await readCase(principal, caseId);
  return listCaseProtectionRequests(caseId, limit, cursor);
}

/** The queue of the caller's unit (prosecutor) or county (coordinator). */
export async function listProtectionQueueFor(
  principal: Principal,
  status: ProtectionRequestStatus,
  limit: number,
  cursor?: string,
): Promise<Page<ProtectionRequestRecord>> {
  const scope =
    principal.role === 'prosecutor'
      ? { unit: principal.unit as string }
      : { county: principal.county as string };
  return listProtectionQueue(scope, status, limit, cursor);
}

export async function decideProtectionRequest(
  principal: Principal,
  caseId: string,
  requestId: string,
  expectedVersion: number,
  body: DecisionBody,
  now = clock.now(),
): Promise<ProtectionRequestRecord> {
  const current = await readProtectionRequest(principal, caseId, requestId);
  // A second decision is a conflict whatever ETag it carries: it would overrule the first one.
  if (current.status !== 'pending') {
    throw new ConflictError('The request is already decided.', { currentStatus: current.status });
  }
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const at = now.toISOString();
  const { outcome, decisions } = applyDecision(current, body, principal.sub, at, localDateOf(now));
  const next: ProtectionRequestRecord = {
    ...current,
    status: 'decided',
    decision: { decidedAt: at, decidedBy: principal.sub, witnessStatus: body.witnessStatus, decisions },
    version: current.version + 1,
    updatedAt: at,
  };
  const existing = new Map((await listActiveMeasures(caseId)).map((m) => [m.type, m]));
  const measures = outcome.active.map((active) => {
    const previous = existing.get(active.type);
    const record: ActiveMeasureRecord = {
      ...active,
      county: current.county,
      prosecutorUnit: current.prosecutorUnit,
      version: (previous?.version ?? 0) + 1,
    };
    return { record, previousVersion: previous?.version };
  });
  const period = halfYearOf(now);
  const counters = Object.entries(outcome.confirmedByType).map(([type, by]) =>
    indicatorIncrement({
      period,
      county: current.county,
      indicator: 'protection_measures_confirmed',
      type,
      by,
    }),
  );
  if (outcome.rejected > 0) {
    counters.push(
      indicatorIncrement({
        period,
        county: current.county,
        indicator: 'protection_measures_rejected',
        by: outcome.rejected,
      }),
    );
  }
  await writeDecision(next, expectedVersion, measures, counters);
  return next;
}

/** Everything in force or refused on a case: active measures, the rejections with their reasons, waivers. */
export async function readCaseProtection(principal: Principal, caseId: string) {
  await readCase(principal, caseId);
  const requests: ProtectionRequestRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCaseProtectionRequests(caseId, 100, cursor);
    requests.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const [active, waivers] = await Promise.all([listActiveMeasures(caseId), listWaivers(caseId)]);
  return { active, rejected: rejectionsOf(requests), waivers };
}

/** Measures due for review in the prosecutor's unit; by default those due today or earlier. */
export async function listMeasuresDue(
  principal: Principal,
  before: string | undefined,
  limit: number,
  cursor?: string,
  now = clock.now(),
): Promise<Page<ActiveMeasureRecord>> {
  return listDueMeasures(principal.unit as string, before ?? plusDays(localDateOf(now), 1), limit, cursor);
}

/** CPP 113(3): the victim's written waiver, recorded as signed; it does not itself end a measure in force. */
export async function recordWaiver(
  principal: Principal,
  caseId: string,
  body: WaiverBody,
  now = clock.now(),
): Promise<WaiverRecord> {
  const file = await readCase(principal, caseId);
  assertOpen(file);
  if (body.signedOn > localDateOf(now)) {
    throw new BusinessRuleError('A waiver cannot be signed in the future.', [
      { path: 'signedOn', message: `Must be ${localDateOf(now)} or earlier` },
    ]);
  }
  const record: WaiverRecord = {
    id: ulid(now.getTime()),
    caseId,
    measures: body.measures as MeasureType[] | undefined,
    signedOn: body.signedOn,
    legalRepresentativePresent: body.legalRepresentativePresent,
    note: body.note,
    recordedAt: now.toISOString(),
    recordedBy: principal.sub,
    version: 1,
  };
  await insertWaiver(record);
  return record;
}
