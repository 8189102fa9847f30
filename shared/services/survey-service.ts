// Use cases of the survey context: publishing definitions (versioned) and inviting a victim, which writes the
// invitation, the outbox SMS, the SMS session and the counters in one transaction.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { getConfig } from '../config.ts';
import { indicatorIncrement } from '../data/indicator-counters.ts';
import { outboxMessagePut } from '../data/outbox-repository.ts';
import type { Page } from '../data/pagination.ts';
import { phoneHash } from '../data/phone-hash.ts';
import { replyToken, replyTokenHash } from '../data/reply-token.ts';
import {
  findLatestSurvey,
  findSurveyVersion,
  InvitationRefusedError,
  insertSurveyVersion,
  listSurveys,
  recordInvitation,
  replyPut,
  surveyAnswerValuesAdd,
  surveyCounterIncrements,
} from '../data/survey-repository.ts';
import type { TransactItem } from '../data/transactions.ts';
import * as clock from '../domain/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { halfYearOf } from '../domain/periods.ts';
import { defaultChannelFor, type ReplyChannel } from '../domain/reply-channel.ts';
import {
  type QuestionSegments,
  questionSegments,
  type SurveySession,
  validateSurveyDefinition,
} from '../domain/survey-definition.ts';
import { invitationDecision } from '../domain/survey-invitation.ts';
import type {
  CreateInvitationBody,
  CreateSurveyBody,
  InvitationOutcome,
  StoredSurvey,
  SurveySummary,
} from '../domain/survey-schemas.ts';
import { logger } from '../logger.ts';
import { readCase } from './case-service.ts';

/** The pseudo-question of the AGG# partition that counts invitations per stratum (keys.ts). */
const INVITED = '_invited';

export async function publishSurvey(
  body: CreateSurveyBody,
  now = clock.now(),
): Promise<{ survey: StoredSurvey; segments: QuestionSegments[] }> {
  const latest = await findLatestSurvey(body.id);
  const survey: StoredSurvey = {
    ...body,
    version: (latest?.version ?? 0) + 1,
    createdAt: now.toISOString(),
  };
  const problems = validateSurveyDefinition(survey);
  if (problems.length > 0) throw new ValidationError(problems, 'The survey definition cannot be sent.');
  await insertSurveyVersion(survey);
  logger.info('survey published', { surveyId: survey.id, version: survey.version });
  return { survey, segments: questionSegments(survey) };
}

export async function readSurvey(
  surveyId: string,
  version?: number,
): Promise<{ survey: StoredSurvey; segments: QuestionSegments[] }> {
  const survey =
    version === undefined ? await findLatestSurvey(surveyId) : await findSurveyVersion(surveyId, version);
  if (!survey) throw new NotFoundError('survey');
  return { survey, segments: questionSegments(survey) };
}

export function listSurveyCatalogue(limit: number, cursor?: string): Promise<Page<SurveySummary>> {
  return listSurveys(limit, cursor);
}

/**
 * Invites the victim of a case to the latest version of a survey. Skips (200) rather than fails when the
 * person may not or need not be asked; a live session of another survey on the same phone is a 409, because
 * replacing it would silently throw away a conversation in progress.
 */
export async function inviteToSurvey(
  principal: Principal,
  caseId: string,
  body: CreateInvitationBody,
  now = clock.now(),
): Promise<InvitationOutcome> {
  const record = await readCase(principal, caseId);
  const survey = await findLatestSurvey(body.surveyId);
  if (!survey) throw new NotFoundError('survey');
  const decision = invitationDecision(record, survey, now);
  if (!decision.invite) return { status: 'skipped', reason: decision.reason };

  const wave = body.wave ?? halfYearOf(now);
  const at = now.toISOString();
  const hash = await phoneHash(decision.phone);
  const messageId = ulid(now.getTime());
  const session: SurveySession = {
    surveyId: survey.id,
    version: survey.version,
    wave,
    language: record.victim.language,
    state: 'awaiting_consent',
    questionIndex: 0,
    retried: false,
    answers: {},
    strata: decision.strata,
    updatedAt: at,
  };
  const channel = body.channel ?? defaultChannelFor(decision.phone, getConfig().SURVEY_CHANNEL_DEFAULTS);
  try {
    await recordInvitation({
      invitation: {
        caseId,
        surveyId: survey.id,
        version: survey.version,
        wave,
        messageId,
        createdAt: at,
        createdBy: principal.sub,
      },
      caseVersion: record.version,
      phoneHash: hash,
      session,
      now,
      alongside: [
        await outboxMessagePut({
          id: messageId,
          caseId,
          kind: channel === 'web' ? 'survey_invitation_web' : 'survey_invitation',
          // invitationDecision asked recipientFor('survey'): only an adult victim's own phone is ever named.
          recipient: 'victim',
          language: record.victim.language,
          // The outbox keeps the channel and nothing more; a web link goes as the case prefers (SMS or WhatsApp).
          ...(channel === 'web' ? {} : { channel }),
          params: {},
          sendAt: at,
          createdAt: at,
        }),
        ...(await webReply(channel, messageId, hash, session)),
        ...surveyCounterIncrements(survey.id, wave, decision.strata, INVITED, '_'),
        ...surveyAnswerValuesAdd(survey.id, wave, survey.questions),
        // The wave is the period: response_rate divides responses by invitations of the same wave.
        indicatorIncrement({ period: wave, county: record.county, indicator: 'survey_invitations' }),
      ],
    });
  } catch (error) {
    if (!(error instanceof InvitationRefusedError)) throw error;
    switch (error.reason) {
      case 'opted_out':
      case 'already_invited':
        return { status: 'skipped', reason: error.reason };
      case 'session_active':
        throw new ConflictError('This phone is answering another survey; invite again when it ends.');
      case 'case_changed':
        throw new ConflictError('The case changed while the invitation was written; try again.');
    }
  }
  logger.info('survey invitation queued', { caseId, surveyId: survey.id, wave, messageId, channel });
  return { status: 'queued', wave, channel };
}

/**
 * The private reply item of a web invitation: keyed by the hash of a token the sender derives again from
 * the message id when it writes the link (reply-token.ts), so the token itself is stored nowhere.
 */
async function webReply(
  channel: ReplyChannel,
  messageId: string,
  hash: string,
  session: SurveySession,
): Promise<TransactItem[]> {
  if (channel !== 'web') return [];
  return [replyPut(replyTokenHash(await replyToken(messageId)), hash, session)];
}
