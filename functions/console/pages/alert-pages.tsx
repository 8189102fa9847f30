// Alerts (coordinator): the county's open alerts, urgent first, each acknowledged with a note once someone
// called back; the acknowledge form is shared with the case file's alert list.
import { ApiProblem } from '../api-client.ts';
import { Csrf, ErrorSummary, Field, type FieldErrors, Layout, Table } from '../components.tsx';
import { redirect } from '../console-http.ts';
import type { Catalog } from '../messages.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';

export interface AlertView {
  id: string;
  caseId: string;
  kind: string;
  urgent: boolean;
  status: string;
  from?: string;
  text?: string;
  createdAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  note?: string;
  version: number;
}

/** One alert's "Acknowledge" form: the note, and the version it was shown at (If-Match). */
export function AcknowledgeForm(props: {
  t: Catalog;
  csrf: string;
  alert: AlertView;
  back: 'alerts' | 'case';
  errors: FieldErrors;
}) {
  const { t, alert } = props;
  const name = `note-${alert.id}`;
  const errors: FieldErrors = props.errors[name] ? { [name]: props.errors[name] } : {};
  return (
    <form
      method="post"
      action={`/console/cases/${alert.caseId}/alerts/${alert.id}/acknowledge`}
      class="inline"
      novalidate
    >
      <Csrf token={props.csrf} />
      <input type="hidden" name="version" value={String(alert.version)} />
      <input type="hidden" name="back" value={props.back} />
      <Field name={name} label={t.alertNote} errors={errors} />
      <button type="submit">{t.acknowledge}</button>
    </form>
  );
}

async function alertsView(ctx: PageContext, errors: FieldErrors) {
  const { t, locale } = ctx;
  const listed = await ctx.get('/alerts?status=open&limit=100');
  const items = listed.items as AlertView[];
  return page(
    <Layout frame={ctx.frame} title={t.alerts}>
      <ErrorSummary t={t} errors={errors} />
      <ul class="counts">
        <li>
          {t.urgent}: <strong>{items.filter((a) => a.urgent).length}</strong>
        </li>
        <li>
          {t.total}: <strong>{items.length}</strong>
        </li>
      </ul>
      {items.length === 0 ? (
        <p>{t.noOpenAlerts}</p>
      ) : (
        <Table
          caption={t.openAlerts}
          head={[t.created, t.urgent, t.kind, t.from, t.text, t.acknowledge]}
          rows={items.map((a) => [
            <a href={`/console/cases/${a.caseId}`}>{formatInstant(locale, a.createdAt)}</a>,
            a.urgent ? t.urgent : t.normal,
            enumLabel(a.kind),
            a.from ? enumLabel(a.from) : '-',
            a.text ?? '-',
            <AcknowledgeForm t={t} csrf={ctx.session.csrf} alert={a} back="alerts" errors={errors} />,
          ])}
        />
      )}
    </Layout>,
  );
}

export async function alertsPage(ctx: PageContext) {
  return alertsView(ctx, {});
}

/** POST from the Alerts page or the case file: acknowledge with the note, then back where the person was. */
export async function acknowledgeAlert(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const alertId = ctx.params['alertId'] as string;
  const values = Object.fromEntries(ctx.request.form);
  const note = values[`note-${alertId}`]?.trim() || undefined;
  const back = values['back'] === 'case' ? `/console/cases/${caseId}` : '/console/alerts';
  try {
    await ctx.api('POST', `/cases/${caseId}/alerts/${alertId}/acknowledge`, {
      body: { note },
      ifMatch: values['version'] ?? '0',
    });
    return redirect(back);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    const fields = problemFields(error, ctx.t);
    // The API names `note`; on a page of many alerts the field is this alert's.
    const message = Object.values(fields)[0] ?? ctx.t.serverErrorBody;
    return alertsView(ctx, { [`note-${alertId}`]: message });
  }
}
