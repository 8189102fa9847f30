// Use cases of protection: a coordinator files a risk assessment with the measures it calls for, the prosecutor
// of the case's unit decides each measure, the decided ones become the case's active measures under review.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { caseReplacementOf } from '../data/case-repository.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import { listCaseMessages, mailMessagePut, outboxCancellation } from '../data/outbox-repository.ts';
import type { Page } from '../data/pagination.ts';
import {
  CaseChangedError,
  findMeasure,
  findProtectionRequest,
  insertProtectionRequest,
  insertWaiver,
  listActiveMeasures,
  listCaseMeasures,
  listCaseProtectionRequests,
  listDueMeasures,
  listProtectionQueue,
  listWaivers,
  type MeasureWrite,
  writeDecision,
  writeMeasureChange,
} from '../data/protection-repository.ts';
import { type CaseRecord, periodMarks } from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import type { MeasureType } from '../domain/enums.ts';
import { BusinessRuleError, ConflictError, PreconditionFailedError } from '../domain/errors.ts';
import { localDateOf, plusDays } from '../domain/local-date.ts';
import { unitScope } from '../domain/notification-targets.ts';
import { halfYearOf } from '../domain/periods.ts';
import {
  type ActiveMeasureRecord,
  applyCourtDecision,
  applyDecision,
  applyReview,
  assertMeasuresFitStage,
  type CourtDecisionBody,
  type CreateProtectionRequestBody,
  type DecisionBody,
  isUrgent,
  type ProtectionRequestRecord,
  type ProtectionRequestStatus,
  type ReviewBody,
  rejectionsOf,
  replaceMeasure,
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
    // The unit is told of an urgent request at once, by e-mail, exactly when the request exists.
    ...(record.urgent
      ? [
          mailMessagePut({
            id: ulid(now.getTime()),
            caseId,
            mail: { kind: 'urgent_protection_request', scope: unitScope(file.prosecutorUnit), count: 1 },
            sendAt: at,
            createdAt: at,
          }),
        ]
      : []),
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
  const { outcome, decisions } = applyDecision(
    current,
    body,
    principal.sub,
    at,
    localDateOf(now),
    getConfig().PROTECTION_REVIEW_DAYS,
    () => ulid(now.getTime()),
  );
  const next: ProtectionRequestRecord = {
    ...current,
    status: 'decided',
    decision: { decidedAt: at, decidedBy: principal.sub, witnessStatus: body.witnessStatus, decisions },
    version: current.version + 1,
    updatedAt: at,
  };
  const measures = await measureWrites(
    caseId,
    outcome.active.map((m) => ({
      ...m,
      county: current.county,
      prosecutorUnit: current.prosecutorUnit,
      version: 1,
    })),
    principal.sub,
    at,
  );
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

/**
 * New measures with, for each one that goes in force, the end of the measure of its type it takes over from
 * (one active measure per type and case: the latest decision about a type wins).
 */
async function measureWrites(
  caseId: string,
  created: ActiveMeasureRecord[],
  by: string,
  at: string,
): Promise<MeasureWrite[]> {
  const active = new Map((await listActiveMeasures(caseId)).map((m) => [m.type, m]));
  const writes: MeasureWrite[] = [];
  for (const record of created) {
    writes.push({ record });
    const previous = record.status === 'active' ? active.get(record.type) : undefined;
    if (previous && previous.id !== record.id) {
      writes.push({ record: replaceMeasure(previous, record.id, by, at), previousVersion: previous.version });
    }
  }
  return writes;
}

/** A measure of a case, if the principal may see the case. */
export async function readMeasure(
  principal: Principal,
  caseId: string,
  measureId: string,
): Promise<ActiveMeasureRecord> {
  return visibleCaseItem(principal, caseId, await findMeasure(caseId, measureId), 'protection measure');
}

/** The prosecutor's review of a measure in force (CPP art. 126(5)); a modification counts as its new type. */
export async function reviewMeasure(
  principal: Principal,
  caseId: string,
  measureId: string,
  expectedVersion: number,
  body: ReviewBody,
  now = clock.now(),
): Promise<{ reviewed: ActiveMeasureRecord; replacement?: ActiveMeasureRecord }> {
  const current = await readMeasure(principal, caseId, measureId);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const at = now.toISOString();
  const { reviewed, replacement } = applyReview(current, body, {
    by: principal.sub,
    at,
    today: localDateOf(now),
    reviewDays: getConfig().PROTECTION_REVIEW_DAYS,
    newId: () => ulid(now.getTime()),
  });
  const writes: MeasureWrite[] = [{ record: reviewed, previousVersion: expectedVersion }];
  const counters = [];
  let created: ActiveMeasureRecord | undefined;
  if (replacement) {
    created = { ...replacement, county: current.county, prosecutorUnit: current.prosecutorUnit, version: 1 };
    const taken = (await measureWrites(caseId, [created], principal.sub, at)).filter(
      (w) => w.record.id !== current.id,
    );
    writes.push(...taken);
    counters.push(
      indicatorIncrement({
        period: halfYearOf(now),
        county: current.county,
        indicator: 'protection_measures_confirmed',
        type: created.type,
      }),
    );
  }
  await writeMeasureChange(writes, counters);
  return { reviewed, replacement: created };
}

/**
 * The court's order at trial (CPP art. 128). The measure counts as confirmed when it becomes active, here; a
 * refusal counts as rejected, as a prosecutor's rejection does.
 */
export async function recordCourtDecision(
  principal: Principal,
  caseId: string,
  measureId: string,
  expectedVersion: number,
  body: CourtDecisionBody,
  now = clock.now(),
): Promise<ActiveMeasureRecord> {
  const current = await readMeasure(principal, caseId, measureId);
  if (current.version !== expectedVersion) throw new PreconditionFailedError();
  const at = now.toISOString();
  const next = applyCourtDecision(current, body, { by: principal.sub, at, today: localDateOf(now) });
  const writes: MeasureWrite[] = [{ record: next, previousVersion: expectedVersion }];
  if (next.status === 'active') {
    writes.push(...(await measureWrites(caseId, [next], principal.sub, at)).slice(1));
  }
  const period = halfYearOf(now);
  const counter =
    next.status === 'active'
      ? indicatorIncrement({
          period,
          county: current.county,
          indicator: 'protection_measures_confirmed',
          type: next.type,
        })
      : indicatorIncrement({ period, county: current.county, indicator: 'protection_measures_rejected' });
  await writeMeasureChange(writes, [counter]);
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
  const [measures, waivers] = await Promise.all([listCaseMeasures(caseId), listWaivers(caseId)]);
  return {
    active: measures.filter((m) => m.status === 'active'),
    proposed: measures.filter((m) => m.status === 'proposed_to_court'),
    ended: measures.filter((m) => m.status !== 'active' && m.status !== 'proposed_to_court'),
    rejected: rejectionsOf(requests),
    waivers,
  };
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
