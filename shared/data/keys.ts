// The key design, written once: every key of every table is spelled here and nowhere else.
// No key ever holds personal data (no name, phone or criminal case number): ids are ULIDs, phones are HMACs.
//
// CoordinationTable (personal data, encrypted fields)
// | access pattern                                  | keys                                                           |
// |-------------------------------------------------|----------------------------------------------------------------|
// | a case and everything in it                     | pk CASE#<caseId>; sk CASE, HEARING#<id>, PROTECTION#<id>,      |
// |                                                 |   MEASURE#<id>, VOUCHER#<id>, MESSAGE#<id>, INVITE#<s>#<w>,    |
// |                                                 |   WAIVER#<id>, NOTE#<id>, ADVANCE#TOTAL                        |
// | cases of a county                               | gsi1 COUNTY#<county>, sk CASE#<status>#<caseId>                |
// | cases of a prosecutor unit                      | gsi2 UNIT#<unit>, sk CASE#<status>#<caseId>                    |
// | a coordinator's hearings by time                | gsi1 COORD#<sub>#HEARINGS, sk <startsAt UTC>#<hearingId>       |
// | a unit's hearings by time                       | gsi2 UNIT#<unit>#HEARINGS, sk <startsAt UTC>#<hearingId>       |
// | a unit's / county's protection requests by state| gsi2 UNIT#<unit>#PROTECTION#<status>, gsi1 COUNTY#<c>#PROTECTION#<status>, |
// |   urgent first, then oldest                     |   sk <0 urgent|1 normal>#<createdAt>#<id>                       |
// | a unit's active measures by review date         | gsi2 UNIT#<unit>#MEASURES, sk <reviewBy>#<caseId>#<type>        |
// | messages due now (sparse)                       | gsi1 OUTBOX#PENDING, sk <sendAt UTC>#<messageId>               |
// | messages claimed by a sender (sparse, recovery) | gsi1 OUTBOX#SENDING, sk <claimedAt UTC>#<messageId>            |
// | a case's advances not rejected (the cap's sum)  | pk CASE#<caseId>, sk ADVANCE#TOTAL (a number, conditional ADD)  |
// | the victims of one criminal case                | pk CCN#<hmac(criminal case number)>, sk CASE#<caseId>           |
// | counted-once marker of a case (indicators)      | pk CASE#<caseId>, sk MARKER#<indicator>#<period>               |
// | outbox message from a delivery callback         | the status callback URL carries caseId and messageId (signed)  |
// | issued vouchers by validity (sparse)            | gsi2 VOUCHERS#ISSUED, sk <validUntil>#<caseId>#<voucherId>      |
// | a place (meeting point, restricted address)     | pk PLACE#<placeId>, sk PLACE (name and address encrypted)      |
// | a county's places by kind (list, address check) | gsi1 COUNTY#<county>#PLACES, sk <kind>#<placeId>               |
// | the cases a phone belongs to (SMS webhook)      | pk PHONE#<hmac(phone)>, sk CASE#<caseId>: role, county, keyed  |
// |                                                 |   hash of the duress word; the SMS function reads only these   |
// | alerts of a case                                | pk CASE#<caseId>, sk ALERT#<alertId> (text encrypted)          |
// | a county's open alerts, urgent first then oldest| sparse gsi1 COUNTY#<county>#ALERTS#OPEN, sk <0|1>#<at>#<id>    |
// | all open alerts (admins), same order            | sparse gsi2 ALERTS#OPEN, sk <0 urgent|1>#<createdAt>#<id>      |
// | e-mail to staff about a case (outbox, due index)| pk CASE#<caseId>, sk MAIL#<id> (not MESSAGE#: never held, never |
// |                                                 |   listed with the SMS); gsi1 as messages                        |
// | a scope's notification addresses                | pk NOTIFY#<unit:X|county:Y>, sk TARGETS; gsi1 NOTIFY#TARGETS,   |
// |                                                 |   sk <scope> (the digest lists the scopes)                     |
// | a unit's daily review digest (once a day)       | pk NOTIFY#unit:<unit>, sk MAIL#DIGEST-<yyyy-mm-dd>              |
//
// InsightsTable (never a phone, a name or a case id)
// | item                         | pk / sk                                                   |
// |------------------------------|-----------------------------------------------------------|
// | survey definition            | SURVEY#<surveyId> / DEF#<version 6 digits>                |
// | survey session               | SESSION#<hmac(phone)> / ACTIVE                            |
// | private web reply of a session| REPLY#<sha256(token)> / REPLY (hmac(phone), survey, TTL)  |
// | opt-out                      | OPTOUT#<hmac(phone)> / OPTOUT                             |
// | language of a case's phone   | LANG#<hmac(phone)> / LANG (the language only, no time)    |
// | inbound message seen         | MSG#<MessageSid> / MSG                                    |
// | anonymous response           | RESP#<surveyId>#<wave> / <random id>                      |
// | survey counters              | AGG#<surveyId>#<wave> / <stratum>#<question>#<answer>     |
// | respondents counter          | AGG#<surveyId>#<wave> / <stratum>#_respondents#_          |
// | invitations counter          | AGG#<surveyId>#<wave> / <stratum>#_invited#_              |
// where <stratum> is the full stratum `county=DJ|language=ro|stage=trial|age=26-35` (see surveyStratum);
// exports group by any subset of it by adding cells up, then apply disclosure control to the groups.
// | indicator counters           | IND#<period> / <county>#<indicator>[#<type>]              |
// | granted voucher amounts      | VAMT#<period> / <random id>                               |
//
// AuditTable: pk AUDIT#<caseId or '-'> sk <at>#<id>; gsi1 ACTOR#<sub> / <at>#<id>; gsi2 DAY#<yyyy-mm-dd> / <at>#<id>.
// One item per read or write of personal data; the functions may only Put and Query it.

const pad = (version: number) => String(version).padStart(6, '0');

export const caseKeys = {
  item: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  partition: (caseId: string) => `CASE#${caseId}`,
  byCounty: (county: string, status: string, caseId: string) => ({
    gsi1pk: `COUNTY#${county}`,
    gsi1sk: `CASE#${status}#${caseId}`,
  }),
  byUnit: (unit: string, status: string, caseId: string) => ({
    gsi2pk: `UNIT#${unit}`,
    gsi2sk: `CASE#${status}#${caseId}`,
  }),
  countyPartition: (county: string) => `COUNTY#${county}`,
  unitPartition: (unit: string) => `UNIT#${unit}`,
  statusPrefix: (status?: string) => (status ? `CASE#${status}#` : 'CASE#'),
};

export const hearingKeys = {
  item: (caseId: string, hearingId: string) => ({ pk: `CASE#${caseId}`, sk: `HEARING#${hearingId}` }),
  prefix: 'HEARING#',
  byCoordinator: (sub: string, startsAtIso: string, hearingId: string) => ({
    gsi1pk: `COORD#${sub}#HEARINGS`,
    gsi1sk: `${startsAtIso}#${hearingId}`,
  }),
  byUnit: (unit: string, startsAtIso: string, hearingId: string) => ({
    gsi2pk: `UNIT#${unit}#HEARINGS`,
    gsi2sk: `${startsAtIso}#${hearingId}`,
  }),
  coordinatorPartition: (sub: string) => `COORD#${sub}#HEARINGS`,
  unitPartition: (unit: string) => `UNIT#${unit}#HEARINGS`,
};

export const protectionKeys = {
  item: (caseId: string, requestId: string) => ({ pk: `CASE#${caseId}`, sk: `PROTECTION#${requestId}` }),
  prefix: 'PROTECTION#',
  queueSortKey: (urgent: boolean, createdAtIso: string, requestId: string) =>
    `${urgent ? 0 : 1}#${createdAtIso}#${requestId}`,
  byUnit: (unit: string, status: string, sortKey: string) => ({
    gsi2pk: `UNIT#${unit}#PROTECTION#${status}`,
    gsi2sk: sortKey,
  }),
  byCounty: (county: string, status: string, sortKey: string) => ({
    gsi1pk: `COUNTY#${county}#PROTECTION#${status}`,
    gsi1sk: sortKey,
  }),
  unitPartition: (unit: string, status: string) => `UNIT#${unit}#PROTECTION#${status}`,
  countyPartition: (county: string, status: string) => `COUNTY#${county}#PROTECTION#${status}`,
};

export const measureKeys = {
  /** One item per measure through its whole life (active, proposed to the court, lifted, replaced, refused). */
  item: (caseId: string, measureId: string) => ({ pk: `CASE#${caseId}`, sk: `MEASURE#${measureId}` }),
  prefix: 'MEASURE#',
  byUnitReview: (unit: string, reviewBy: string, caseId: string, type: string) => ({
    gsi2pk: `UNIT#${unit}#MEASURES`,
    gsi2sk: `${reviewBy}#${caseId}#${type}`,
  }),
  unitPartition: (unit: string) => `UNIT#${unit}#MEASURES`,
};

/** A coordinator's notes on a case, oldest first (ULIDs sort by time). */
export const noteKeys = {
  item: (caseId: string, noteId: string) => ({ pk: `CASE#${caseId}`, sk: `NOTE#${noteId}` }),
  prefix: 'NOTE#',
};

export const waiverKeys = {
  item: (caseId: string, waiverId: string) => ({ pk: `CASE#${caseId}`, sk: `WAIVER#${waiverId}` }),
  prefix: 'WAIVER#',
};

export const voucherKeys = {
  item: (caseId: string, voucherId: string) => ({ pk: `CASE#${caseId}`, sk: `VOUCHER#${voucherId}` }),
  prefix: 'VOUCHER#',
  issued: (validUntil: string, caseId: string, voucherId: string) => ({
    gsi2pk: 'VOUCHERS#ISSUED',
    gsi2sk: `${validUntil}#${caseId}#${voucherId}`,
  }),
  issuedPartition: 'VOUCHERS#ISSUED',
  /**
   * Sparse: a request referred to the commission and not yet issued or rejected, in its county's list by the
   * instant its 72-hour issue target falls (the coordinator's Today page). Under `COUNTY#`, so a transfer moves it.
   */
  awaitingIssue: (county: string, targetAt: string, caseId: string, voucherId: string) => ({
    gsi1pk: `COUNTY#${county}#VOUCHERS#AWAITING`,
    gsi1sk: `${targetAt}#${caseId}#${voucherId}`,
  }),
  awaitingIssuePartition: (county: string) => `COUNTY#${county}#VOUCHERS#AWAITING`,
  /** The sum of the case's capped advance requests that are not rejected: the cap's conditional write. */
  advanceTotal: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'ADVANCE#TOTAL' }),
};

export const messageKeys = {
  item: (caseId: string, messageId: string) => ({ pk: `CASE#${caseId}`, sk: `MESSAGE#${messageId}` }),
  prefix: 'MESSAGE#',
  /** Sparse: only pending messages carry these attributes, so the due index holds only work to do. */
  pending: (sendAtIso: string, messageId: string) => ({
    gsi1pk: 'OUTBOX#PENDING',
    gsi1sk: `${sendAtIso}#${messageId}`,
  }),
  pendingPartition: 'OUTBOX#PENDING',
  /** Sparse: only claimed messages; a claim older than the timeout belongs to a crashed sender. */
  sending: (claimedAtIso: string, messageId: string) => ({
    gsi1pk: 'OUTBOX#SENDING',
    gsi1sk: `${claimedAtIso}#${messageId}`,
  }),
  sendingPartition: 'OUTBOX#SENDING',
};

/** E-mail outbox items: in the case's partition when about a case, else in the scope's (the digest). */
export const mailKeys = {
  item: (owner: { caseId?: string; scope: string }, messageId: string) => ({
    pk: owner.caseId ? `CASE#${owner.caseId}` : `NOTIFY#${owner.scope}`,
    sk: `MAIL#${messageId}`,
  }),
  prefix: 'MAIL#',
  /** One digest a unit a day: the id is the day, so a second run of the job writes nothing. */
  digestId: (day: string) => `DIGEST-${day}`,
};

/** A scope's notification addresses, and the index the daily digest lists the scopes by. */
export const notifyKeys = {
  targets: (scope: string) => ({ pk: `NOTIFY#${scope}`, sk: 'TARGETS' }),
  listed: (scope: string) => ({ gsi1pk: 'NOTIFY#TARGETS', gsi1sk: scope }),
  listPartition: 'NOTIFY#TARGETS',
};

/** Places of a county: ids and the county code only in keys; a restricted address is sealed in the item. */
export const placeKeys = {
  item: (placeId: string) => ({ pk: `PLACE#${placeId}`, sk: 'PLACE' }),
  byCounty: (county: string, kind: string, placeId: string) => ({
    gsi1pk: `COUNTY#${county}#PLACES`,
    gsi1sk: `${kind}#${placeId}`,
  }),
  countyPartition: (county: string) => `COUNTY#${county}#PLACES`,
  kindPrefix: (kind: string) => `${kind}#`,
};

/**
 * The victims of one criminal case: one pointer item per case under the keyed hash of its criminal case number
 * (the number itself is personal data and never keys anything), with the case's county and unit for the scope.
 */
export const criminalCaseKeys = {
  pointer: (numberHash: string, caseId: string) => ({ pk: `CCN#${numberHash}`, sk: `CASE#${caseId}` }),
  partition: (numberHash: string) => `CCN#${numberHash}`,
};

/**
 * The cases a phone belongs to, by the keyed hash of the phone: written in the transaction of every change of
 * a case's phones, read by the SMS webhook, whose IAM grant names this key prefix (dynamodb:LeadingKeys).
 */
export const phonePointerKeys = {
  item: (phoneHash: string, caseId: string) => ({ pk: `PHONE#${phoneHash}`, sk: `CASE#${caseId}` }),
  partition: (phoneHash: string) => `PHONE#${phoneHash}`,
  /** The IAM LeadingKeys pattern of these items (infra). */
  leadingKeyPattern: 'PHONE#*',
};

/** Alerts on a case; only open ones carry the sparse index keys, so the lists hold only work to do. */
export const alertKeys = {
  item: (caseId: string, alertId: string) => ({ pk: `CASE#${caseId}`, sk: `ALERT#${alertId}` }),
  prefix: 'ALERT#',
  queueSortKey: (urgent: boolean, createdAtIso: string, alertId: string) =>
    `${urgent ? 0 : 1}#${createdAtIso}#${alertId}`,
  openByCounty: (county: string, sortKey: string) => ({
    gsi1pk: `COUNTY#${county}#ALERTS#OPEN`,
    gsi1sk: sortKey,
  }),
  openAll: (sortKey: string) => ({ gsi2pk: 'ALERTS#OPEN', gsi2sk: sortKey }),
  countyOpenPartition: (county: string) => `COUNTY#${county}#ALERTS#OPEN`,
  allOpenPartition: 'ALERTS#OPEN',
};

/** A fact counted once per case and period (a person, not an event): its marker item makes the count idempotent. */
export const markerKeys = {
  countedOnce: (caseId: string, indicator: string, period: string) => ({
    pk: `CASE#${caseId}`,
    sk: `MARKER#${indicator}#${period}`,
  }),
};

export const invitationKeys = {
  item: (caseId: string, surveyId: string, wave: string) => ({
    pk: `CASE#${caseId}`,
    sk: `INVITE#${surveyId}#${wave}`,
  }),
};

export const surveyKeys = {
  definition: (surveyId: string, version: number) => ({
    pk: `SURVEY#${surveyId}`,
    sk: `DEF#${pad(version)}`,
  }),
  partition: (surveyId: string) => `SURVEY#${surveyId}`,
  /** All survey ids: a small catalogue item per survey, for GET /surveys without a scan. */
  catalogue: (surveyId: string) => ({ pk: 'SURVEYS', sk: surveyId }),
  cataloguePartition: 'SURVEYS',
  session: (phoneHash: string) => ({ pk: `SESSION#${phoneHash}`, sk: 'ACTIVE' }),
  /** The web reply link of a session, by the SHA-256 of its token (reply-token.ts): never the token itself. */
  reply: (tokenHash: string) => ({ pk: `REPLY#${tokenHash}`, sk: 'REPLY' }),
  optOut: (phoneHash: string) => ({ pk: `OPTOUT#${phoneHash}`, sk: 'OPTOUT' }),
  /** The language the service writes to this phone in, so automatic replies use it too. */
  phoneLanguage: (phoneHash: string) => ({ pk: `LANG#${phoneHash}`, sk: 'LANG' }),
  inboundSeen: (messageSid: string) => ({ pk: `MSG#${messageSid}`, sk: 'MSG' }),
  response: (surveyId: string, wave: string, responseId: string) => ({
    pk: `RESP#${surveyId}#${wave}`,
    sk: responseId,
  }),
  counter: (surveyId: string, wave: string, stratum: string, question: string, answer: string) => ({
    pk: `AGG#${surveyId}#${wave}`,
    sk: `${stratum}#${question}#${answer}`,
  }),
  counterPartition: (surveyId: string, wave: string) => `AGG#${surveyId}#${wave}`,
  /** The answer values the wave's questions can take (a string set `<question>#<answer>`), so zeros are listed. */
  answerValues: (surveyId: string, wave: string) => ({ pk: `AGG#${surveyId}#${wave}`, sk: '_answers' }),
};

/**
 * The strata a response or invitation is counted under: one per published table (county, language, stage,
 * age band), never their combination, which no table publishes and which would single people out.
 */
export function surveyMargins(strata: {
  county: string;
  language: string;
  stage: string;
  ageBand: string;
}): string[] {
  return [
    `county=${strata.county}`,
    `language=${strata.language}`,
    `stage=${strata.stage}`,
    `age=${strata.ageBand}`,
  ];
}

/** The full stratum of a counter written before the tables were fixed (still read; see surveyMargins). */
export function surveyStratum(strata: {
  county: string;
  language: string;
  stage: string;
  ageBand: string;
}): string {
  return `county=${strata.county}|language=${strata.language}|stage=${strata.stage}|age=${strata.ageBand}`;
}

export const indicatorKeys = {
  counter: (period: string, county: string, indicator: string, type?: string) => ({
    pk: `IND#${period}`,
    sk: type ? `${county}#${indicator}#${type}` : `${county}#${indicator}`,
  }),
  partition: (period: string) => `IND#${period}`,
  voucherAmount: (period: string, id: string) => ({ pk: `VAMT#${period}`, sk: id }),
  voucherAmountPartition: (period: string) => `VAMT#${period}`,
};

export const auditKeys = {
  item: (caseId: string | undefined, at: string, id: string) => ({
    pk: `AUDIT#${caseId ?? '-'}`,
    sk: `${at}#${id}`,
  }),
  byActor: (sub: string, at: string, id: string) => ({ gsi1pk: `ACTOR#${sub}`, gsi1sk: `${at}#${id}` }),
  byDay: (at: string, id: string) => ({ gsi2pk: `DAY#${at.slice(0, 10)}`, gsi2sk: `${at}#${id}` }),
  dayPartition: (day: string) => `DAY#${day}`,
  casePartition: (caseId: string) => `AUDIT#${caseId}`,
  actorPartition: (sub: string) => `ACTOR#${sub}`,
};
