// Coordinator pages: Today, Cases (search, pages), New case. Each page reads (API calls, in parallel where
// independent), shapes a view model, renders components.

import * as clock from '../../../shared/domain/clock.ts';
import { COUNTIES, LANGUAGES, PROCEEDINGS_STAGES } from '../../../shared/domain/enums.ts';
import { issueTargetAt } from '../../../shared/domain/voucher.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Checkbox,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  Layout,
  Select,
  Table,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';
import type { AlertView } from './alert-pages.tsx';

interface HearingRow {
  id: string;
  caseId: string;
  pseudonym: string;
  startsAt: string;
  kind: string;
  status: string;
}

interface QueueRow {
  caseId: string;
  requestId: string;
  urgent: boolean;
  level: string;
  createdAt: string;
}

interface VoucherRow {
  id: string;
  caseId: string;
  kind: string;
  status: string;
  referredAt?: string;
}

/**
 * How close to its 72-hour issue target a voucher request must be to show on Today: a working day's notice, so
 * the coordinator can still chase the commission and the distributor. A choice of the page, not a legal rule.
 */
const TARGET_NOTICE_HOURS = 24;
/** A first page of each list is what a day's work needs; the full lists are on their own pages. */
const TODAY_LIMIT = 50;

export async function todayPage(ctx: PageContext) {
  const { t, locale } = ctx;
  const now = clock.now();
  const weekLater = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
  const [hearings, queue, alerts, vouchers] = await Promise.all([
    ctx.get(`/hearings?from=${now.toISOString()}&to=${weekLater.toISOString()}&limit=100`),
    ctx.get('/protection-requests?status=pending&limit=100'),
    ctx.get(`/alerts?status=open&limit=${TODAY_LIMIT}`),
    ctx.get(`/voucher-requests/awaiting-issue?limit=${TODAY_LIMIT}`),
  ]);
  const hearingRows = (hearings.items as HearingRow[]).filter((h) => h.status === 'scheduled');
  const pending = queue.items as QueueRow[];
  const open = alerts.items as AlertView[];
  const failed = open.filter((a) => a.kind === 'delivery_failed');
  const others = open.filter((a) => a.kind !== 'delivery_failed');
  const notice = now.getTime() + TARGET_NOTICE_HOURS * 3_600_000;
  const nearTarget = (vouchers.items as VoucherRow[])
    .map((v) => ({ ...v, targetAt: issueTargetAt(v) }))
    .filter((v): v is VoucherRow & { targetAt: string } => !!v.targetAt && Date.parse(v.targetAt) <= notice);
  return page(
    <Layout frame={ctx.frame} title={t.today}>
      <ul class="counts">
        <li>
          {t.openAlerts}: <strong>{others.length}</strong>
        </li>
        <li>
          {t.failedMessages}: <strong>{failed.length}</strong>
        </li>
        <li>
          {t.vouchersNearTarget}: <strong>{nearTarget.length}</strong>
        </li>
      </ul>
      <h2>{t.openAlerts}</h2>
      {others.length === 0 ? (
        <p>{t.noOpenAlerts}</p>
      ) : (
        <Table
          caption={t.openAlerts}
          head={[t.created, t.urgent, t.kind]}
          rows={others.map((a) => [
            <a href={`/console/cases/${a.caseId}`}>{formatInstant(locale, a.createdAt)}</a>,
            a.urgent ? t.urgent : t.normal,
            enumLabel(a.kind),
          ])}
        />
      )}
      <p>
        <a href="/console/alerts">{t.allAlerts}</a>
      </p>
      <h2>{t.failedMessages}</h2>
      {failed.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.failedMessages}
          head={[t.created, t.caseFile]}
          rows={failed.map((a) => [
            formatInstant(locale, a.createdAt),
            <a href={`/console/cases/${a.caseId}`}>{t.caseFile}</a>,
          ])}
        />
      )}
      <h2>{t.vouchersNearTarget}</h2>
      {nearTarget.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.vouchersNearTarget}
          head={[t.issueTarget, t.kind, t.status]}
          rows={nearTarget.map((v) => [
            <a href={`/console/cases/${v.caseId}/vouchers/${v.id}`}>
              {formatInstant(locale, v.targetAt)}
              {Date.parse(v.targetAt) < now.getTime() ? ` (${t.overdue})` : ''}
            </a>,
            enumLabel(v.kind),
            enumLabel(v.status),
          ])}
        />
      )}
      <h2>{t.hearingsThisWeek}</h2>
      {hearingRows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.hearingsThisWeek}
          head={[t.date, t.pseudonym, t.kind]}
          rows={hearingRows.map((h) => [
            formatInstant(locale, h.startsAt),
            <a href={`/console/cases/${h.caseId}`}>{h.pseudonym}</a>,
            enumLabel(h.kind),
          ])}
        />
      )}
      <h2>{t.pendingRequests}</h2>
      {pending.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.pendingRequests}
          head={[t.created, t.level, t.urgent]}
          rows={pending.map((r) => [
            <a href={`/console/cases/${r.caseId}`}>{formatInstant(locale, r.createdAt)}</a>,
            enumLabel(r.level),
            r.urgent ? t.urgent : t.normal,
          ])}
        />
      )}
    </Layout>,
  );
}

interface CaseRow {
  id: string;
  criminalCaseNumber: string;
  status: string;
  proceedingsStage: string;
  victim: { pseudonym: string };
  createdAt: string;
}

/** How many API pages a pseudonym search walks at most: the API lists by county, the console filters. */
const SEARCH_PAGES = 10;

export async function casesPage(ctx: PageContext) {
  const { t, locale, request } = ctx;
  const q = (request.query.get('q') ?? '').trim();
  const cursor = request.query.get('cursor') ?? undefined;
  const rows: CaseRow[] = [];
  let next: string | null = cursor ?? null;
  // A criminal case number is matched by the API (a keyed hash of the number, every victim of that case in the
  // caller's scope); only when it finds none is the text taken as a pseudonym.
  if (q && !cursor && q.length <= 60) {
    const byNumber = await ctx.get(`/cases?limit=100&criminalCaseNumber=${encodeURIComponent(q)}`);
    rows.push(...(byNumber.items as CaseRow[]));
  }
  const wanted = rows.length === 0 ? q.toLowerCase() : '';
  let first = rows.length === 0;
  // A pseudonym search fills one page of matches from up to SEARCH_PAGES pages of the API, and carries the
  // cursor on.
  for (
    let walked = 0;
    walked < (wanted ? SEARCH_PAGES : 1) && (first || next) && rows.length < 25;
    walked += 1
  ) {
    first = false;
    const listed = await ctx.get(`/cases?limit=25${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    rows.push(
      ...(listed.items as CaseRow[]).filter(
        (c) => !wanted || c.victim.pseudonym.toLowerCase().includes(wanted),
      ),
    );
    next = listed.nextCursor;
  }
  const nextHref = next
    ? `/console/cases?${new URLSearchParams({ ...(q ? { q } : {}), cursor: next }).toString()}`
    : undefined;
  return page(
    <Layout frame={ctx.frame} title={t.cases}>
      <p>
        <a class="button" href="/console/cases/new">
          {t.newCase}
        </a>
      </p>
      <form method="get" action="/console/cases" class="search">
        <Field name="q" label={t.searchCases} value={q} errors={{}} />
        <button type="submit" class="secondary">
          {t.search}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.cases}
          head={[t.pseudonym, t.criminalCaseNumber, t.stage, t.status, t.created]}
          rows={rows.map((c) => [
            <a href={`/console/cases/${c.id}`}>{c.victim.pseudonym}</a>,
            c.criminalCaseNumber,
            enumLabel(c.proceedingsStage),
            enumLabel(c.status),
            formatInstant(locale, c.createdAt, 'date'),
          ])}
        />
      )}
      {nextHref && (
        <p>
          <a href={nextHref}>{t.next}</a>
        </p>
      )}
    </Layout>,
  );
}

type CaseForm = Record<string, string>;

function caseFormPage(ctx: PageContext, values: CaseForm, errors: FieldErrors, status = 200) {
  const { t } = ctx;
  const checked = (name: string) => values[name] === 'on';
  return page(
    <Layout frame={ctx.frame} title={t.newCase}>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/console/cases" novalidate>
        <Csrf token={ctx.session.csrf} />
        <Field
          name="victim.pseudonym"
          label={t.pseudonym}
          value={values['victim.pseudonym']}
          errors={errors}
        />
        <Field name="victim.fullName" label={t.fullName} value={values['victim.fullName']} errors={errors} />
        <Field
          name="victim.phone"
          label={t.phone}
          type="tel"
          hint="+40722123456"
          value={values['victim.phone']}
          errors={errors}
        />
        <Select
          name="victim.language"
          label={t.language}
          options={LANGUAGES}
          value={values['victim.language'] ?? 'ro'}
          errors={errors}
        />
        <Field
          name="victim.birthYear"
          label={t.birthYear}
          inputmode="numeric"
          value={values['victim.birthYear']}
          errors={errors}
        />
        <Select
          name="county"
          label={t.county}
          options={COUNTIES}
          value={values['county'] ?? ctx.session.county}
          errors={errors}
        />
        <Field
          name="prosecutorUnit"
          label={t.prosecutorUnit}
          value={values['prosecutorUnit']}
          errors={errors}
        />
        <Field
          name="criminalCaseNumber"
          label={t.criminalCaseNumber}
          value={values['criminalCaseNumber']}
          errors={errors}
        />
        <Select
          name="proceedingsStage"
          label={t.stage}
          options={PROCEEDINGS_STAGES.map((s) => [s, enumLabel(s)] as [string, string])}
          value={values['proceedingsStage'] ?? 'investigation'}
          errors={errors}
        />
        <fieldset>
          <legend>{t.consents}</legend>
          <Checkbox
            name="consents.smsReminders"
            label={t.smsReminders}
            checked={checked('consents.smsReminders')}
          />
          <Checkbox
            name="consents.feedbackSurveys"
            label={t.feedbackSurveys}
            checked={checked('consents.feedbackSurveys')}
          />
        </fieldset>
        <button type="submit">{t.createCase}</button>
      </form>
    </Layout>,
    status,
  );
}

export async function newCasePage(ctx: PageContext) {
  return caseFormPage(ctx, {}, {});
}

/** An empty field is absent (the API names a missing required one); a number field sends what was typed. */
const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
const numberOrText = (value: string | undefined) => {
  const text = optional(value);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
};

export async function createCase(ctx: PageContext) {
  const form = ctx.request.form;
  const values: CaseForm = Object.fromEntries(form);
  const body = {
    criminalCaseNumber: optional(values['criminalCaseNumber']),
    county: optional(values['county']),
    prosecutorUnit: optional(values['prosecutorUnit']),
    victim: {
      pseudonym: optional(values['victim.pseudonym']),
      fullName: optional(values['victim.fullName']),
      phone: optional(values['victim.phone']),
      language: optional(values['victim.language']),
      birthYear: numberOrText(values['victim.birthYear']),
    },
    consents: {
      smsReminders: values['consents.smsReminders'] === 'on',
      feedbackSurveys: values['consents.feedbackSurveys'] === 'on',
    },
    participatesInProceedings: true,
    proceedingsStage: optional(values['proceedingsStage']),
  };
  try {
    const created = await ctx.api('POST', '/cases', { body });
    return redirect(`/console/cases/${created.body.id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    return caseFormPage(ctx, values, problemFields(error, ctx.t));
  }
}
