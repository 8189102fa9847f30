// The survey context's items: versioned definitions and their catalogue, SMS sessions keyed by hmac(phone),
// anonymous responses and their AGG# counters in the InsightsTable, and the invitation on the case.
// Nothing written to the InsightsTable here holds a phone, a name, a case id or a time finer than a week (a
// session's TTL is a week boundary), except a definition's publication time (about a questionnaire). A
// response keeps its wave and answers only; its strata go to the counters of the published tables, one per
// dimension, so no item holds county, language, stage and age band together.
import { randomUUID } from 'node:crypto';
import { LANGUAGES, type Language } from '../domain/enums.ts';
import { ConflictError } from '../domain/errors.ts';
import { weekCeil } from '../domain/periods.ts';
import type { SurveyAnswer, SurveySession, SurveyStrata } from '../domain/survey-definition.ts';
import { SESSION_TTL_MS } from '../domain/survey-definition.ts';
import type { StoredSurvey, SurveySummary } from '../domain/survey-schemas.ts';
import { caseVersionCheck } from './case-repository.ts';
import { getDocumentClient, tableNames } from './client.ts';
import { batchGetAll, GetCommand, QueryCommand } from './document-client.ts';
import { invitationKeys, surveyKeys, surveyMargins } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { getCipher } from './personal-data-cipher.ts';
import { type TransactItem, writeTransaction } from './transactions.ts';

type Stored = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------
// Definitions: DEF#<version> items are immutable once written; the catalogue item names the latest version.

function definitionFromItem(item: Stored): StoredSurvey {
  return {
    id: item['id'] as string,
    version: item['version'] as number,
    title: item['title'] as string,
    languages: item['languages'] as StoredSurvey['languages'],
    intro: (item['intro'] as StoredSurvey['intro'] | undefined) ?? {},
    questions: item['questions'] as StoredSurvey['questions'],
    thanks: (item['thanks'] as StoredSurvey['thanks'] | undefined) ?? {},
    createdAt: item['createdAt'] as string,
  };
}

// A version never changes after it is written, so a container may keep what it read (sessions read the
// definition of their version on every inbound message).
const definitionCache = new Map<string, StoredSurvey>();

export async function findSurveyVersion(
  surveyId: string,
  version: number,
): Promise<StoredSurvey | undefined> {
  const cacheKey = `${surveyId}#${version}`;
  const cached = definitionCache.get(cacheKey);
  if (cached) return cached;
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: tableNames().insights, Key: surveyKeys.definition(surveyId, version) }),
  );
  if (!out.Item) return undefined;
  const survey = definitionFromItem(out.Item);
  definitionCache.set(cacheKey, survey);
  return survey;
}

/** The latest version: the last DEF# of the survey's partition, one Query of one item. */
export async function findLatestSurvey(surveyId: string): Promise<StoredSurvey | undefined> {
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :def)',
      ExpressionAttributeValues: { ':pk': surveyKeys.partition(surveyId), ':def': 'DEF#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = out.Items?.[0];
  return item ? definitionFromItem(item) : undefined;
}

/**
 * Writes version `survey.version` and moves the catalogue to it, all or nothing. The catalogue's
 * `latestVersion` condition makes two admins posting the same id at once produce one version, not two
 * definitions under one number; the loser gets 409 and posts again.
 */
export async function insertSurveyVersion(survey: StoredSurvey): Promise<void> {
  const previous = survey.version - 1;
  await writeTransaction(
    [
      {
        Put: {
          TableName: tableNames().insights,
          Item: {
            ...surveyKeys.definition(survey.id, survey.version),
            entity: 'survey',
            id: survey.id,
            version: survey.version,
            title: survey.title,
            languages: survey.languages,
            intro: survey.intro,
            questions: survey.questions,
            thanks: survey.thanks,
            createdAt: survey.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableNames().insights,
          Item: {
            ...surveyKeys.catalogue(survey.id),
            entity: 'survey-catalogue',
            id: survey.id,
            title: survey.title,
            languages: survey.languages,
            latestVersion: survey.version,
          },
          ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : 'latestVersion = :previous',
          ExpressionAttributeValues: previous === 0 ? undefined : { ':previous': previous },
        },
      },
    ],
    () => new ConflictError('Another version of this survey was published at the same time; post again.'),
  );
}

export async function listSurveys(limit: number, cursor?: string): Promise<Page<SurveySummary>> {
  const partition = surveyKeys.cataloguePartition;
  const out = await getDocumentClient().send(
    new QueryCommand({
      TableName: tableNames().insights,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ExclusiveStartKey: cursor ? decodeCursor(cursor, { name: 'pk', value: partition }) : undefined,
      Limit: limit,
    }),
  );
  return {
    items: (out.Items ?? []).map((item) => ({
      id: item['id'] as string,
      title: item['title'] as string,
      languages: item['languages'] as string[],
      latestVersion: item['latestVersion'] as number,
    })),
    nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sessions: SESSION#<hmac(phone)> / ACTIVE. The one time a session holds is its TTL `expiresAt`, rounded up
// to the next Monday 00:00 UTC (periods.ts weekCeil); the engine's `updatedAt` is derived from it. So a
// session lives at least the engine's 72 hours after the last reply and at most a week more: the price of
// storing no time that could be matched to an SMS.

/** TTL beyond the engine's 72 hours: DynamoDB deletes late anyway, and `step` checks liveness itself. */
const TTL_MARGIN_SECONDS = 3600;
const SESSION_TTL_SECONDS = SESSION_TTL_MS / 1000;

const expiresAtOf = (updatedAt: string) =>
  weekCeil(Math.floor(Date.parse(updatedAt) / 1000) + SESSION_TTL_SECONDS + TTL_MARGIN_SECONDS);
const updatedAtOf = (expiresAt: number) =>
  new Date((expiresAt - SESSION_TTL_SECONDS - TTL_MARGIN_SECONDS) * 1000).toISOString();

/** A session as stored: `seq` counts its writes, `sessionId` tells a new session from an old one at seq 1. */
export interface StoredSession {
  session: SurveySession;
  seq: number;
  sessionId: string;
}

function sessionItem(phoneHash: string, session: SurveySession, seq: number, sessionId: string): Stored {
  return {
    ...surveyKeys.session(phoneHash),
    entity: 'session',
    sessionId,
    seq,
    surveyId: session.surveyId,
    version: session.version,
    wave: session.wave,
    language: session.language,
    state: session.state,
    questionIndex: session.questionIndex,
    retried: session.retried,
    answers: session.answers,
    strata: session.strata,
    expiresAt: expiresAtOf(session.updatedAt),
  };
}

/**
 * What an inbound message needs to know of its phone, in one consistent BatchGetItem: the survey session, and
 * the language of the phone's case (LANG#, written with the case) for the replies given outside a session.
 */
export async function findSessionAndPhoneLanguage(
  phoneHash: string,
): Promise<{ stored: StoredSession | undefined; phoneLanguage: Language | undefined }> {
  const sessionKey = surveyKeys.session(phoneHash);
  const languageKey = surveyKeys.phoneLanguage(phoneHash);
  const items = await batchGetAll(getDocumentClient(), tableNames().insights, [sessionKey, languageKey]);
  const session = items.find((item) => item['pk'] === sessionKey.pk);
  const language = items.find((item) => item['pk'] === languageKey.pk)?.['language'];
  return {
    stored: session ? sessionFromItem(session) : undefined,
    phoneLanguage: LANGUAGES.find((known) => known === language),
  };
}

function sessionFromItem(item: Stored): StoredSession {
  return {
    seq: item['seq'] as number,
    sessionId: item['sessionId'] as string,
    session: {
      surveyId: item['surveyId'] as string,
      version: item['version'] as number,
      wave: item['wave'] as string,
      language: item['language'] as SurveySession['language'],
      state: item['state'] as SurveySession['state'],
      questionIndex: item['questionIndex'] as number,
      retried: item['retried'] as boolean,
      answers: (item['answers'] as Record<string, SurveyAnswer> | undefined) ?? {},
      strata: item['strata'] as SurveyStrata,
      updatedAt: updatedAtOf(item['expiresAt'] as number),
    },
  };
}

/** A new session; refused while another live session holds the phone (an expired one is replaced). */
export function sessionStart(phoneHash: string, session: SurveySession, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      Item: sessionItem(phoneHash, session, 1, randomUUID()),
      // Live while now - updatedAt <= 72 h, i.e. while expiresAt - margin >= now.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :dead',
      ExpressionAttributeValues: { ':dead': Math.floor(now.getTime() / 1000) + TTL_MARGIN_SECONDS },
    },
  };
}

const sameSession = (previous: StoredSession) => ({
  ConditionExpression: 'sessionId = :sid AND seq = :seq',
  ExpressionAttributeValues: { ':sid': previous.sessionId, ':seq': previous.seq },
});

/** The next state of a session, only over the exact write it was computed from (else the race is lost). */
export function sessionReplace(
  phoneHash: string,
  next: SurveySession,
  previous: StoredSession,
): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      Item: sessionItem(phoneHash, next, previous.seq + 1, previous.sessionId),
      ...sameSession(previous),
    },
  };
}

export function sessionEnd(phoneHash: string, previous: StoredSession): TransactItem {
  return {
    Delete: {
      TableName: tableNames().insights,
      Key: surveyKeys.session(phoneHash),
      ...sameSession(previous),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Responses and counters.

export interface AnonymousResponse {
  surveyId: string;
  version: number;
  wave: string;
  answers: Record<string, SurveyAnswer>;
  /** Question ids whose answers are free text: sealed like any other free text. */
  textQuestions: ReadonlySet<string>;
}

/** The response under a random id; free-text answers encrypted (a person may type a name into one). */
/** Whether a transaction item is a stored response: the write that completes a survey (metrics). */
export function completesSurvey(item: TransactItem): boolean {
  return item.Put?.Item?.['entity'] === 'response';
}

export async function responsePut(response: AnonymousResponse): Promise<TransactItem> {
  const id = randomUUID();
  const answers: Record<string, SurveyAnswer> = {};
  for (const [question, value] of Object.entries(response.answers)) {
    answers[question] =
      typeof value === 'string' && response.textQuestions.has(question)
        ? await getCipher().encrypt(value, `response:${response.surveyId}:${response.wave}:${id}:${question}`)
        : value;
  }
  return {
    Put: {
      TableName: tableNames().insights,
      Item: {
        ...surveyKeys.response(response.surveyId, response.wave, id),
        entity: 'response',
        surveyId: response.surveyId,
        version: response.version,
        wave: response.wave,
        answers,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * ADD 1 to the AGG# cell of each published table the person counts in: `county=DJ#<question>#<answer>`, the
 * same for language, stage and age band (or the `_respondents` / `_invited` pseudo-questions). Four items,
 * never one with the four strata together.
 */
export function surveyCounterIncrements(
  surveyId: string,
  wave: string,
  strata: SurveyStrata,
  question: string,
  answer: string,
): TransactItem[] {
  return surveyMargins(strata).map((margin) => ({
    Update: {
      TableName: tableNames().insights,
      Key: surveyKeys.counter(surveyId, wave, margin, question, answer),
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  }));
}

/** Every answer value the questions can take, added to the wave's set, so the exports list zeros too. */
export function surveyAnswerValuesAdd(
  surveyId: string,
  wave: string,
  questions: ReadonlyArray<{ id: string; type: string; min?: number; max?: number; choices?: string[] }>,
): TransactItem[] {
  const values = questions.flatMap((q) => answerValuesOf(q).map((answer) => `${q.id}#${answer}`));
  if (values.length === 0) return [];
  return [
    {
      Update: {
        TableName: tableNames().insights,
        Key: surveyKeys.answerValues(surveyId, wave),
        UpdateExpression: 'ADD #values :values',
        ExpressionAttributeNames: { '#values': 'values' },
        ExpressionAttributeValues: { ':values': new Set(values) },
      },
    },
  ];
}

/** How each kind of question spells its answers in a counter key (survey-conversation.ts counterValue). */
function answerValuesOf(q: { type: string; min?: number; max?: number; choices?: string[] }): string[] {
  if (q.type === 'yes_no') return ['yes', 'no'];
  if (q.type === 'choice') return [...(q.choices ?? [])];
  if (q.type === 'scale' && Number.isInteger(q.min) && Number.isInteger(q.max)) {
    const min = q.min as number;
    const max = q.max as number;
    return max >= min && max - min <= 20
      ? Array.from({ length: max - min + 1 }, (_, i) => String(min + i))
      : [];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// Invitations: INVITE#<surveyId>#<wave> on the case, written with everything it causes.

export interface InvitationRecord {
  caseId: string;
  surveyId: string;
  version: number;
  wave: string;
  messageId: string;
  createdAt: string;
  createdBy: string;
}

export type InvitationRefusal = 'opted_out' | 'already_invited' | 'session_active' | 'case_changed';

export class InvitationRefusedError extends Error {
  readonly reason: InvitationRefusal;
  constructor(reason: InvitationRefusal) {
    super(`invitation refused: ${reason}`);
    this.name = 'InvitationRefusedError';
    this.reason = reason;
  }
}

/**
 * One transaction: the phone is not opted out, the case did not change since it was read, the invitation
 * is the first of its wave, no other live session holds the phone; then the session, the outbox message and
 * the counters in `alongside`. Each refused condition is named, so the caller can answer "skipped: why".
 */
export async function recordInvitation(input: {
  invitation: InvitationRecord;
  caseVersion: number;
  phoneHash: string;
  session: SurveySession;
  now: Date;
  alongside: TransactItem[];
}): Promise<void> {
  const { invitation } = input;
  const refusals: InvitationRefusal[] = ['opted_out', 'case_changed', 'already_invited', 'session_active'];
  await writeTransaction(
    [
      {
        ConditionCheck: {
          TableName: tableNames().insights,
          Key: surveyKeys.optOut(input.phoneHash),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      caseVersionCheck(invitation.caseId, input.caseVersion),
      {
        Put: {
          TableName: tableNames().coordination,
          Item: {
            ...invitationKeys.item(invitation.caseId, invitation.surveyId, invitation.wave),
            entity: 'invitation',
            ...invitation,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      sessionStart(input.phoneHash, input.session, input.now),
      ...input.alongside,
    ],
    (index) => {
      const reason = refusals[index];
      return reason ? new InvitationRefusedError(reason) : undefined;
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Web replies: REPLY#<sha256(token)> / REPLY names the session (by hmac(phone), never the phone) of one
// invitation whose answers come back on the private page /r/<token>. It expires with the session (the same
// week-rounded TTL); once used it keeps only `used`, so a second submission is told apart from a stranger's.

export interface StoredReply {
  phoneHash: string | undefined;
  surveyId: string;
  wave: string;
  used: boolean;
  expiresAt: number;
}

/** Written with the session it belongs to (the invitation's transaction). */
export function replyPut(tokenHash: string, phoneHash: string, session: SurveySession): TransactItem {
  return {
    Put: {
      TableName: tableNames().insights,
      Item: {
        ...surveyKeys.reply(tokenHash),
        entity: 'reply',
        phoneHash,
        surveyId: session.surveyId,
        wave: session.wave,
        used: false,
        expiresAt: expiresAtOf(session.updatedAt),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findReply(tokenHash: string): Promise<StoredReply | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: surveyKeys.reply(tokenHash),
      ConsistentRead: true,
    }),
  );
  const item = out.Item;
  if (!item) return undefined;
  return {
    phoneHash: item['phoneHash'] as string | undefined,
    surveyId: item['surveyId'] as string,
    wave: item['wave'] as string,
    used: item['used'] === true,
    expiresAt: item['expiresAt'] as number,
  };
}

/** Whether the reply's TTL has passed (DynamoDB deletes expired items late, so reads check it themselves). */
export function replyExpired(reply: StoredReply, now: Date): boolean {
  return reply.expiresAt * 1000 <= now.getTime();
}

/** The token spent: from now on it answers 410. Only an unspent token can be spent (the race is lost else). */
export function replyUse(tokenHash: string): TransactItem {
  return {
    Update: {
      TableName: tableNames().insights,
      Key: surveyKeys.reply(tokenHash),
      UpdateExpression: 'SET used = :used REMOVE phoneHash',
      ConditionExpression: 'attribute_exists(pk) AND used = :unused',
      ExpressionAttributeValues: { ':used': true, ':unused': false },
    },
  };
}

/** The session a reply names, read alone (the web page has no LANG# to ask for). */
export async function findSession(phoneHash: string): Promise<StoredSession | undefined> {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().insights,
      Key: surveyKeys.session(phoneHash),
      ConsistentRead: true,
    }),
  );
  return out.Item ? sessionFromItem(out.Item) : undefined;
}

export class ReplyRaceError extends Error {
  constructor() {
    super('the reply was spent or its session moved meanwhile');
    this.name = 'ReplyRaceError';
  }
}

/** Writes a reply's effects; the token's spending is item 0, so a lost race is told apart from a fault. */
export async function commitReply(tokenHash: string, effects: TransactItem[]): Promise<void> {
  await writeTransaction([replyUse(tokenHash), ...effects], () => new ReplyRaceError());
}
