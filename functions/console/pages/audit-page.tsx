// The admin's Audit: who read or changed what, when, filtered by who, case, action and period (GET /audit),
// newest first, a page at a time. A period is whole Bucharest days.

import type { AuditEvent } from '../../../shared/data/audit-repository.ts';
import { addDays, zonedTimeToUtc } from '../../../shared/domain/bucharest-time.ts';
import { AUDIT_ACTIONS } from '../../../shared/http/responses/audit-responses.ts';
import { ApiProblem } from '../api-client.ts';
import { ErrorSummary, Field, type FieldErrors, Layout, Select, Table } from '../components.tsx';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page } from '../page-context.ts';

/** What the API answers per event: the stored audit event, as is. */
type AuditRow = AuditEvent;

/** How many API pages one console page walks to fill itself: a filter can leave an API page empty. */
const WALK = 10;
const PAGE = 25;
const FILTERS = ['actor', 'caseId', 'action', 'from', 'to'] as const;

/** The start of a Bucharest day as an instant, or undefined for a value that is not a date. */
function dayStart(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  try {
    return zonedTimeToUtc({ year, month, day, hour: 0, minute: 0 });
  } catch {
    return undefined;
  }
}

function apiQuery(values: Record<string, string>, t: { invalidDate: string }) {
  const errors: FieldErrors = {};
  const query = new URLSearchParams();
  if (values['actor']) query.set('actor', values['actor']);
  if (values['caseId']) query.set('caseId', values['caseId']);
  if (values['action'] && (AUDIT_ACTIONS as readonly string[]).includes(values['action']))
    query.set('action', values['action']);
  const from = values['from'] ? dayStart(values['from']) : undefined;
  if (values['from'] && !from) errors['from'] = t.invalidDate;
  if (from) query.set('from', from.toISOString());
  const toDay = values['to'] ? dayStart(values['to']) : undefined;
  if (values['to'] && !toDay) errors['to'] = t.invalidDate;
  if (toDay && values['to']) {
    // The whole of the last day: up to the millisecond before the next one starts.
    const [y, m, d] = values['to'].split('-').map(Number) as [number, number, number];
    const next = addDays({ year: y, month: m, day: d }, 1);
    query.set('to', new Date(zonedTimeToUtc({ ...next, hour: 0, minute: 0 }).getTime() - 1).toISOString());
  }
  return { query, errors };
}

export async function auditPage(ctx: PageContext) {
  const { t, locale, request } = ctx;
  const values: Record<string, string> = {};
  for (const name of FILTERS) values[name] = (request.query.get(name) ?? '').trim();
  const { query, errors } = apiQuery(values, t);
  const rows: AuditRow[] = [];
  let next: string | null = request.query.get('cursor');
  if (Object.keys(errors).length === 0) {
    try {
      for (let walked = 0; walked < WALK && rows.length === 0 && (walked === 0 || next); walked += 1) {
        const paged = new URLSearchParams(query);
        paged.set('limit', String(PAGE));
        if (next) paged.set('cursor', next);
        const listed = await ctx.get(`/audit?${paged.toString()}`);
        rows.push(...(listed.items as AuditRow[]));
        next = listed.nextCursor;
      }
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      // The API names `query.caseId` and the like: the filter of the same name shows it.
      for (const [path, message] of Object.entries(error.fields))
        errors[path.split('.').pop() ?? 'form'] ??= message;
      next = null;
    }
  }
  const nextQuery = new URLSearchParams();
  for (const name of FILTERS) if (values[name]) nextQuery.set(name, values[name] as string);
  if (next) nextQuery.set('cursor', next);
  return page(
    <Layout frame={ctx.frame} title={t.audit}>
      <ErrorSummary t={t} errors={errors} />
      <form method="get" action="/console/audit" class="search" novalidate>
        <Field name="actor" label={t.auditWho} value={values['actor']} errors={errors} />
        <Field name="caseId" label={t.caseId} value={values['caseId']} errors={errors} />
        <Select
          name="action"
          label={t.auditAction}
          options={[['', t.anyAction], ...AUDIT_ACTIONS.map((a) => [a, enumLabel(a)] as [string, string])]}
          value={values['action']}
          errors={errors}
        />
        <Field name="from" label={t.periodFrom} type="date" value={values['from']} errors={errors} />
        <Field name="to" label={t.periodTo} type="date" value={values['to']} errors={errors} />
        <button type="submit" class="secondary">
          {t.show}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.auditLog}
          head={[t.when, t.auditWho, t.auditAction, t.entity, t.caseId, t.route, t.status, t.requestId]}
          rows={rows.map((r) => [
            formatInstant(locale, r.at),
            `${r.actor} (${r.role})`,
            enumLabel(r.action),
            r.reason ? `${r.entity}: ${r.reason}` : r.entity,
            r.caseId ?? '-',
            r.route,
            String(r.status),
            r.requestId,
          ])}
        />
      )}
      {next && (
        <p class="pager">
          <a href={`/console/audit?${nextQuery.toString()}`}>{t.next}</a>
        </p>
      )}
    </Layout>,
  );
}
