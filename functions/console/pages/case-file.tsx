// The case file (summary and consents, hearings with each reminder, protection, vouchers, alerts, messages,
// notes, the SMS opt-out) with its small forms (Add note, Release held messages), and the hearing forms: schedule with a preview of the reminder SMS, reschedule, cancel, record the outcome.
import { localParts, zonedTimeToUtc } from '../../../shared/domain/bucharest-time.ts';
import { ACCOMMODATIONS, HEARING_KINDS, HEARING_ROOMS, type Language } from '../../../shared/domain/enums.ts';
import { type SmsText, smsText } from '../../../shared/sms/templates.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Checkbox,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  Layout,
  MaskedPhone,
  Select,
  Table,
  TextArea,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';
import { AcknowledgeForm, type AlertView } from './alert-pages.tsx';

interface Reminder {
  id: string;
  kind: string;
  sendAt: string;
  status: string;
  error?: string;
  deliveryStatus?: string;
}

interface Hearing {
  id: string;
  version: number;
  status: string;
  startsAt: string;
  durationMinutes: number;
  kind: string;
  room: string;
  publicLocation?: string;
  reminders?: Reminder[];
  outcome?: { attended: boolean };
}

/** A form of the case file shown again with its problems (Add note, Acknowledge, Release). */
interface CaseFileForm {
  values: Record<string, string>;
  errors: FieldErrors;
}

export async function caseFilePage(ctx: PageContext, revealPhone = false, form?: CaseFileForm) {
  const { t, locale } = ctx;
  const id = ctx.params['caseId'] as string;
  const coordinator = ctx.session.role === 'coordinator';
  const none = Promise.resolve({ items: [] });
  const [found, hearingList, requests, measures, vouchers, alerts, messages, notes] = await Promise.all([
    ctx.get(`/cases/${id}`),
    ctx.get(`/cases/${id}/hearings?limit=100&include=reminders`),
    ctx.get(`/cases/${id}/protection-requests?limit=100`),
    ctx.get(`/cases/${id}/protection-measures`),
    coordinator ? ctx.get(`/cases/${id}/voucher-requests?limit=100`) : none,
    // Alerts, messages and notes are the coordinator's (the API refuses them to a prosecutor).
    coordinator ? ctx.get(`/cases/${id}/alerts?limit=100`) : none,
    coordinator ? ctx.get(`/cases/${id}/messages?limit=50`) : none,
    coordinator ? ctx.get(`/cases/${id}/notes?limit=100`) : none,
  ]);
  const errors = form?.errors ?? {};
  const caseMessages = messages.items as CaseMessage[];
  const optOut = found.smsOptOut as { since: string; recipients: string[] } | null | undefined;
  const hearings = hearingList.items as Hearing[];
  const victim = found.victim;
  // "Show phone": the phone in clear comes from the API's audited read of the phone, not from the case read.
  const shownPhone: string | undefined =
    revealPhone && coordinator
      ? ((await ctx.api('POST', `/cases/${id}/phone`)).body.phone ?? undefined)
      : undefined;
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  return page(
    <Layout frame={ctx.frame} title={`${t.caseFile}: ${victim.pseudonym}`}>
      <ErrorSummary t={t} errors={errors} />
      {coordinator && optOut && (
        <div class="notice warning-notice" role="status">
          <h2>{t.smsOptOut}</h2>
          <p>
            {t.smsOptOutBody
              .replace('{since}', optOut.since)
              .replace('{who}', optOut.recipients.map(enumLabel).join(', '))}
          </p>
        </div>
      )}
      <h2>{t.summary}</h2>
      <dl class="summary">
        <dt>{t.criminalCaseNumber}</dt>
        <dd>{found.criminalCaseNumber}</dd>
        <dt>{t.status}</dt>
        <dd>{enumLabel(found.status)}</dd>
        <dt>{t.stage}</dt>
        <dd>{enumLabel(found.proceedingsStage)}</dd>
        <dt>{t.county}</dt>
        <dd>{found.county}</dd>
        <dt>{t.prosecutorUnit}</dt>
        <dd>{found.prosecutorUnit}</dd>
        <dt>{t.language}</dt>
        <dd>{victim.language}</dd>
        {coordinator && victim.fullName && (
          <>
            <dt>{t.fullName}</dt>
            <dd>{victim.fullName}</dd>
          </>
        )}
        <dt>{t.phone}</dt>
        <dd>
          <MaskedPhone
            t={t}
            caseId={id}
            phone={shownPhone ?? victim.phone}
            revealed={shownPhone !== undefined}
            csrf={coordinator ? ctx.session.csrf : ''}
          />
        </dd>
        <dt>{t.smsReminders}</dt>
        <dd>{yesNo(found.consents.smsReminders)}</dd>
        <dt>{t.feedbackSurveys}</dt>
        <dd>{yesNo(found.consents.feedbackSurveys)}</dd>
        {coordinator && (
          <>
            <dt>{t.smsOptOut}</dt>
            <dd>{optOut ? `${t.yes} (${optOut.since})` : t.no}</dd>
          </>
        )}
      </dl>

      <h2>{t.hearings}</h2>
      {coordinator && (
        <p>
          <a class="button" href={`/console/cases/${id}/hearings/new`}>
            {t.scheduleHearing}
          </a>
        </p>
      )}
      {hearings.length === 0 && <p>{t.none}</p>}
      {hearings.map((h) => (
        <section class="hearing" key={h.id} aria-labelledby={`h-${h.id}`}>
          <h3 id={`h-${h.id}`}>
            {formatInstant(locale, h.startsAt)} · {enumLabel(h.kind)} · {enumLabel(h.status)}
          </h3>
          <p>
            {t.room}: {enumLabel(h.room)}
            {h.publicLocation ? ` · ${t.place}: ${h.publicLocation}` : ''}
          </p>
          {(h.reminders ?? []).length === 0 ? (
            <p>{t.noReminders}</p>
          ) : (
            <Table
              caption={`${t.reminders}: ${formatInstant(locale, h.startsAt)}`}
              head={[t.kind, t.sendAt, t.status, t.failure]}
              rows={(h.reminders ?? []).map((r) => [
                enumLabel(r.kind),
                formatInstant(locale, r.sendAt),
                enumLabel(r.status),
                r.error ?? r.deliveryStatus ?? '-',
              ])}
            />
          )}
          {coordinator && h.status === 'scheduled' && (
            <p>
              <a href={`/console/cases/${id}/hearings/${h.id}`}>
                {t.reschedule}, {t.cancel.toLowerCase()}, {t.outcome.toLowerCase()}
              </a>
            </p>
          )}
        </section>
      ))}

      <h2>{t.protection}</h2>
      {coordinator && (
        <p>
          <a class="button secondary" href={`/console/cases/${id}/protection/new`}>
            {t.fileProtectionRequest}
          </a>
        </p>
      )}
      <h3>{t.requests}</h3>
      {(requests.items as ProtectionRequest[]).length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.requests}
          head={[t.created, t.status, t.level, t.decision]}
          rows={(requests.items as ProtectionRequest[]).map((r) => [
            <a href={`/console/cases/${id}/protection/${r.id}`}>{formatInstant(locale, r.createdAt)}</a>,
            `${enumLabel(r.status)}${r.urgent ? ` (${t.urgent})` : ''}`,
            enumLabel(r.riskAssessment.level),
            r.decision
              ? r.decision.decisions.map((d) => `${enumLabel(d.measure)}: ${enumLabel(d.outcome)}`).join('; ')
              : '-',
          ])}
        />
      )}
      <h3>{t.measures}</h3>
      {(measures.items as { type: string; outcome: string; reviewBy: string | null }[]).length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.measures}
          head={[t.kind, t.decision, t.reviewBy]}
          rows={(measures.items as { type: string; outcome: string; reviewBy: string | null }[]).map((m) => [
            enumLabel(m.type),
            enumLabel(m.outcome),
            m.reviewBy ?? '-',
          ])}
        />
      )}

      {coordinator && (
        <>
          <h2>{t.vouchers}</h2>
          <p>
            <a class="button secondary" href={`/console/cases/${id}/vouchers/new`}>
              {t.fileVoucherRequest}
            </a>
          </p>
          {(vouchers.items as Voucher[]).length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <Table
              caption={t.vouchers}
              head={[t.kind, t.status, t.amount, t.created]}
              rows={(vouchers.items as Voucher[]).map((v) => [
                <a href={`/console/cases/${id}/vouchers/${v.id}`}>{enumLabel(v.kind)}</a>,
                enumLabel(v.status),
                `${(v.amountRequested.amount / 100).toFixed(2)} ${v.amountRequested.currency}`,
                v.filedAt,
              ])}
            />
          )}
        </>
      )}
      {coordinator && (
        <>
          <h2>{t.alerts}</h2>
          {(alerts.items as AlertView[]).length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <Table
              caption={t.alerts}
              head={[t.created, t.kind, t.from, t.text, t.status]}
              rows={(alerts.items as AlertView[]).map((a) => [
                formatInstant(locale, a.createdAt),
                `${enumLabel(a.kind)}${a.urgent ? ` (${t.urgent})` : ''}`,
                a.from ? enumLabel(a.from) : '-',
                a.text ?? '-',
                a.status === 'open' ? (
                  <AcknowledgeForm t={t} csrf={ctx.session.csrf} alert={a} back="case" errors={errors} />
                ) : (
                  `${t.acknowledged} ${formatInstant(locale, a.acknowledgedAt)}${a.note ? `: ${a.note}` : ''}`
                ),
              ])}
            />
          )}

          <h2>{t.messages}</h2>
          {caseMessages.some((m) => m.status === 'held') && (
            <form method="post" action={`/console/cases/${id}/messages/release`} class="notice">
              <p>{t.heldMessages}</p>
              <Csrf token={ctx.session.csrf} />
              <input type="hidden" name="version" value={String(found.version)} />
              <button type="submit" class="warning">
                {t.releaseHeld}
              </button>
            </form>
          )}
          {caseMessages.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <Table
              caption={t.messages}
              head={[t.direction, t.kind, t.status, t.sent, t.delivered, t.failure, t.text]}
              rows={caseMessages.map((m) => [
                m.direction === 'in' ? t.received : t.sent,
                enumLabel(m.kind),
                enumLabel(m.status),
                formatInstant(locale, m.sentAt ?? m.sendAt),
                formatInstant(locale, m.deliveredAt),
                m.error ?? '-',
                m.body ?? '-',
              ])}
            />
          )}

          <h2>{t.notesSection}</h2>
          {(notes.items as Note[]).length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul class="notes">
              {(notes.items as Note[]).map((n) => (
                <li key={n.id}>
                  <p class="hint">
                    {formatInstant(locale, n.createdAt)} · {t.writtenBy} {n.createdBy}
                  </p>
                  <p class="note-text">{n.text ?? t.erased}</p>
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={`/console/cases/${id}/notes`} novalidate>
            <Csrf token={ctx.session.csrf} />
            <TextArea name="text" label={t.noteText} value={form?.values['text']} errors={errors} />
            <button type="submit" class="secondary">
              {t.addNote}
            </button>
          </form>
        </>
      )}
    </Layout>,
  );
}

interface ProtectionRequest {
  id: string;
  status: string;
  urgent: boolean;
  createdAt: string;
  riskAssessment: { level: string; factors: string[]; summary: string };
  measures: { type: string; justification: string }[];
  version: number;
  decision: null | { decisions: { measure: string; outcome: string; reason?: string; reviewBy?: string }[] };
}

interface CaseMessage {
  id: string;
  direction: 'in' | 'out';
  kind: string;
  status: string;
  sendAt?: string;
  sentAt?: string;
  deliveredAt?: string;
  error?: string;
  body?: string;
}

interface Note {
  id: string;
  text: string | null;
  createdAt: string;
  createdBy: string;
}

/** "Add note": the API keeps it (encrypted, audited); shown again with the problem when it refuses. */
export async function addNote(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const values: Values = Object.fromEntries(ctx.request.form);
  try {
    await ctx.api('POST', `/cases/${caseId}/notes`, { body: { text: values['text'] ?? '' } });
    return redirect(`/console/cases/${caseId}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    return caseFilePage(ctx, false, { values, errors: problemFields(error, ctx.t) });
  }
}

/** "Release held messages": If-Match on the case's version the page was rendered from. */
export async function releaseHeld(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const values: Values = Object.fromEntries(ctx.request.form);
  try {
    await ctx.api('POST', `/cases/${caseId}/messages/release`, { ifMatch: values['version'] ?? '0' });
    return redirect(`/console/cases/${caseId}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    return caseFilePage(ctx, false, { values: {}, errors: { form: error.detail || ctx.t.serverErrorBody } });
  }
}

interface Voucher {
  id: string;
  kind: string;
  status: string;
  amountRequested: { amount: number; currency: string };
  filedAt: string;
}

type Values = Record<string, string>;

/** Date and time typed in Bucharest wall-clock time -> the instant, or undefined when either is not valid. */
function startsAtOf(values: Values): string | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values['date'] ?? '');
  const time = /^(\d{2}):(\d{2})$/.exec(values['time'] ?? '');
  if (!date || !time) return undefined;
  return zonedTimeToUtc({
    year: Number(date[1]),
    month: Number(date[2]),
    day: Number(date[3]),
    hour: Number(time[1]),
    minute: Number(time[2]),
  }).toISOString();
}

function hearingBody(values: Values, accommodations: string[]) {
  const duration = values['durationMinutes']?.trim();
  return {
    startsAt: startsAtOf(values),
    durationMinutes: duration && /^\d+$/.test(duration) ? Number(duration) : duration || undefined,
    kind: values['kind'] || undefined,
    publicLocation: values['publicLocation']?.trim() || undefined,
    room: values['room'] || undefined,
    accommodations,
    transportNeeded: values['transportNeeded'] === 'on',
    remindVictim: values['remindVictim'] === 'on',
  };
}

/** The API names `startsAt`; the form has Date and Time. */
function hearingErrors(error: ApiProblem, ctx: PageContext, values: Values, needsDate = true): FieldErrors {
  const fields = problemFields(error, ctx.t);
  if (fields['startsAt'] !== undefined) {
    fields['date'] = fields['startsAt'];
    delete fields['startsAt'];
  }
  if (needsDate && !startsAtOf(values) && !fields['date']) fields['date'] = ctx.t.required;
  return fields;
}

function scheduleForm(
  ctx: PageContext,
  caseId: string,
  language: Language,
  values: Values,
  accommodations: string[],
  errors: FieldErrors,
  preview?: SmsText,
  status = 200,
) {
  const { t } = ctx;
  return page(
    <Layout frame={ctx.frame} title={t.scheduleHearing}>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/console/cases/${caseId}/hearings`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <Field name="date" label={t.date} type="date" value={values['date']} errors={errors} />
        <Field name="time" label={t.time} type="time" value={values['time']} errors={errors} />
        <Field
          name="durationMinutes"
          label={t.durationMinutes}
          inputmode="numeric"
          value={values['durationMinutes'] ?? '120'}
          errors={errors}
        />
        <Select
          name="kind"
          label={t.kind}
          options={HEARING_KINDS.map((k) => [k, enumLabel(k)] as [string, string])}
          value={values['kind']}
          errors={errors}
        />
        <Field name="publicLocation" label={t.place} value={values['publicLocation']} errors={errors} />
        <Select
          name="room"
          label={t.room}
          options={HEARING_ROOMS.map((k) => [k, enumLabel(k)] as [string, string])}
          value={values['room']}
          errors={errors}
        />
        <fieldset>
          <legend>{t.accommodations}</legend>
          {ACCOMMODATIONS.map((a) => (
            <Checkbox
              key={a}
              name="accommodations"
              value={a}
              label={enumLabel(a)}
              checked={accommodations.includes(a)}
            />
          ))}
        </fieldset>
        <Checkbox
          name="transportNeeded"
          label={t.transportNeeded}
          checked={values['transportNeeded'] === 'on'}
        />
        <Checkbox
          name="remindVictim"
          label={t.remindVictim}
          checked={values['remindVictim'] === undefined || values['remindVictim'] === 'on'}
        />
        {preview && (
          <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{t.reminderPreview}</h2>
            <p class="sms" lang={language}>
              {preview.body}
            </p>
            <p>
              {t.encoding}: {preview.encoding} · {t.segments}: {preview.segments}
            </p>
          </section>
        )}
        <div class="actions">
          <button type="submit">{t.schedule}</button>
          <button type="submit" name="action" value="preview" class="secondary">
            {t.previewReminder}
          </button>
        </div>
      </form>
    </Layout>,
    status,
  );
}

export async function scheduleHearingPage(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const found = await ctx.get(`/cases/${caseId}`);
  return scheduleForm(ctx, caseId, found.victim.language, {}, [], {});
}

export async function scheduleHearing(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const values: Values = Object.fromEntries(ctx.request.form);
  // A form that never sent the box means it was unticked; the first render ticks it.
  values['remindVictim'] = ctx.request.form.get('remindVictim') ?? 'off';
  const accommodations = ctx.request.form.getAll('accommodations');
  if (values['action'] === 'preview') {
    const found = await ctx.get(`/cases/${caseId}`);
    const startsAt = startsAtOf(values);
    if (!startsAt)
      return scheduleForm(
        ctx,
        caseId,
        found.victim.language,
        values,
        accommodations,
        { date: ctx.t.required },
        undefined,
      );
    const preview = smsText('reminder', found.victim.language, {
      startsAt,
      publicLocation: values['publicLocation'],
    });
    return scheduleForm(ctx, caseId, found.victim.language, values, accommodations, {}, preview);
  }
  try {
    await ctx.api('POST', `/cases/${caseId}/hearings`, { body: hearingBody(values, accommodations) });
    return redirect(`/console/cases/${caseId}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const found = await ctx.get(`/cases/${caseId}`);
    return scheduleForm(
      ctx,
      caseId,
      found.victim.language,
      values,
      accommodations,
      hearingErrors(error, ctx, values),
      undefined,
    );
  }
}

function hearingPage(ctx: PageContext, hearing: Hearing, values: Values, errors: FieldErrors, status = 200) {
  const { t, locale } = ctx;
  const caseId = ctx.params['caseId'] as string;
  const base = `/console/cases/${caseId}/hearings/${hearing.id}`;
  const local = localParts(new Date(hearing.startsAt));
  const pad = (n: number) => String(n).padStart(2, '0');
  return page(
    <Layout frame={ctx.frame} title={`${t.hearings}: ${formatInstant(locale, hearing.startsAt)}`}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <h2>{t.reschedule}</h2>
      <form method="post" action={`${base}/reschedule`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="version" value={String(hearing.version)} />
        <Field
          name="date"
          label={t.date}
          type="date"
          value={values['date'] ?? `${local.year}-${pad(local.month)}-${pad(local.day)}`}
          errors={errors}
        />
        <Field
          name="time"
          label={t.time}
          type="time"
          value={values['time'] ?? `${pad(local.hour)}:${pad(local.minute)}`}
          errors={errors}
        />
        <button type="submit">{t.reschedule}</button>
      </form>
      <h2>{t.outcome}</h2>
      <form method="post" action={`${base}/outcome`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="version" value={String(hearing.version)} />
        <Checkbox name="attended" label={t.attended} checked={false} />
        <Checkbox name="heardInSpecialRoom" label={t.heardInSpecialRoom} checked={false} />
        <Checkbox name="heardRemotely" label={t.heardRemotely} checked={false} />
        <TextArea name="notes" label={t.notes} value={values['notes']} errors={errors} />
        <button type="submit" class="secondary">
          {t.outcome}
        </button>
      </form>
      <h2>{t.cancel}</h2>
      <form method="post" action={`${base}/cancel`}>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="version" value={String(hearing.version)} />
        <button type="submit" class="warning">
          {t.cancel}
        </button>
      </form>
    </Layout>,
    status,
  );
}

export async function hearingActionsPage(ctx: PageContext) {
  const hearing = await ctx.get(`/cases/${ctx.params['caseId']}/hearings/${ctx.params['hearingId']}`);
  return hearingPage(ctx, hearing, {}, {});
}

/** Reschedule, cancel or record the outcome: each with the version the page was rendered from (If-Match). */
export async function hearingAction(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const path = `/cases/${caseId}/hearings/${ctx.params['hearingId']}`;
  const values: Values = Object.fromEntries(ctx.request.form);
  const ifMatch = values['version'] ?? '0';
  const action = ctx.params['action'];
  try {
    if (action === 'reschedule')
      await ctx.api('PATCH', path, { body: { startsAt: startsAtOf(values) }, ifMatch });
    else if (action === 'cancel') await ctx.api('POST', `${path}/cancel`, { ifMatch });
    else
      await ctx.api('POST', `${path}/outcome`, {
        ifMatch,
        body: {
          attended: values['attended'] === 'on',
          heardInSpecialRoom: values['heardInSpecialRoom'] === 'on',
          heardRemotely: values['heardRemotely'] === 'on',
          notes: values['notes']?.trim() || undefined,
        },
      });
    return redirect(`/console/cases/${caseId}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const hearing = await ctx.get(path);
    return hearingPage(ctx, hearing, values, hearingErrors(error, ctx, values, action === 'reschedule'));
  }
}
