// Prosecutor pages: the queue (urgent first, with counts), a request with its risk assessment and one decision
// per measure, the measures due for review and each one's review form.
import { MEASURE_TYPES } from '../../../shared/domain/enums.ts';
import { REVIEW_OUTCOMES } from '../../../shared/domain/protection.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldId,
  Layout,
  Select,
  Table,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';

interface QueueItem {
  caseId: string;
  requestId: string;
  urgent: boolean;
  level: string;
  stage: string;
  createdAt: string;
  measures: string[];
}

export async function queuePage(ctx: PageContext) {
  const { t, locale } = ctx;
  const listed = await ctx.get('/protection-requests?status=pending&limit=100');
  const items = listed.items as QueueItem[];
  const urgent = items.filter((i) => i.urgent).length;
  return page(
    <Layout frame={ctx.frame} title={t.queue}>
      <ul class="counts">
        <li>
          {t.urgent}: <strong>{urgent}</strong>
        </li>
        <li>
          {t.total}: <strong>{items.length}</strong>
        </li>
      </ul>
      {items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.queueCounts}
          head={[t.created, t.urgent, t.level, t.stage, t.measuresRequested]}
          rows={items.map((i) => [
            <a href={`/console/cases/${i.caseId}/protection/${i.requestId}`}>
              {formatInstant(locale, i.createdAt)}
            </a>,
            i.urgent ? t.urgent : t.normal,
            enumLabel(i.level),
            enumLabel(i.stage),
            i.measures.map(enumLabel).join(', '),
          ])}
        />
      )}
    </Layout>,
  );
}

interface RequestView {
  id: string;
  version: number;
  status: string;
  urgent: boolean;
  stage: string;
  riskAssessment: { level: string; factors: string[]; summary: string };
  measures: { type: string; justification: string }[];
  decision: null | {
    decidedAt: string;
    decisions: {
      measure: string;
      outcome: string;
      reason?: string;
      reviewBy?: string;
      modifiedTo?: string;
    }[];
  };
}

type Values = Record<string, string>;

function requestPage(
  ctx: PageContext,
  request: RequestView,
  pseudonym: string,
  values: Values,
  errors: FieldErrors,
  status = 200,
) {
  const { t, locale } = ctx;
  const caseId = ctx.params['caseId'] as string;
  const canDecide = ctx.session.role === 'prosecutor' && request.status === 'pending';
  const outcomes: [string, string][] = [
    ['confirmed', t.confirm],
    ['modified', t.modify],
    ['rejected', t.reject],
  ];
  return page(
    <Layout frame={ctx.frame} title={`${t.request}: ${pseudonym}`}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <h2>{t.riskAssessment}</h2>
      <dl class="summary">
        <dt>{t.status}</dt>
        <dd>
          {enumLabel(request.status)}
          {request.urgent ? ` (${t.urgent})` : ''}
        </dd>
        <dt>{t.stage}</dt>
        <dd>{enumLabel(request.stage)}</dd>
        <dt>{t.level}</dt>
        <dd>{enumLabel(request.riskAssessment.level)}</dd>
        <dt>{t.factors}</dt>
        <dd>{request.riskAssessment.factors.map(enumLabel).join(', ')}</dd>
        <dt>{t.summary}</dt>
        <dd>{request.riskAssessment.summary}</dd>
      </dl>
      {request.decision && (
        <Table
          caption={`${t.decided}: ${formatInstant(locale, request.decision.decidedAt)}`}
          head={[t.measuresRequested, t.decision, t.reason, t.reviewBy]}
          rows={request.decision.decisions.map((d) => [
            enumLabel(d.measure),
            `${enumLabel(d.outcome)}${d.modifiedTo ? `: ${enumLabel(d.modifiedTo)}` : ''}`,
            d.reason ?? '-',
            d.reviewBy ?? '-',
          ])}
        />
      )}
      {canDecide ? (
        <form method="post" action={`/console/cases/${caseId}/protection/${request.id}`} novalidate>
          <Csrf token={ctx.session.csrf} />
          <input type="hidden" name="version" value={String(request.version)} />
          {request.measures.map((m, index) => {
            const outcomeName = `decisions.${index}.outcome`;
            const error = errors[outcomeName];
            return (
              <fieldset key={m.type} id={fieldId(outcomeName)}>
                <legend>{enumLabel(m.type)}</legend>
                <p class="hint">{m.justification}</p>
                {error && <p class="error">{error}</p>}
                {outcomes.map(([value, label]) => (
                  <div class="radio" key={value}>
                    <input
                      type="radio"
                      id={fieldId(`${outcomeName}-${value}`)}
                      name={outcomeName}
                      value={value}
                      checked={values[outcomeName] === value}
                    />
                    <label for={fieldId(`${outcomeName}-${value}`)}>{label}</label>
                  </div>
                ))}
                <Select
                  name={`decisions.${index}.modifiedTo`}
                  label={t.modifyTo}
                  blank
                  options={MEASURE_TYPES.map((type) => [type, enumLabel(type)] as [string, string])}
                  value={values[`decisions.${index}.modifiedTo`]}
                  errors={errors}
                />
                <Field
                  name={`decisions.${index}.reason`}
                  label={t.reason}
                  value={values[`decisions.${index}.reason`]}
                  errors={errors}
                />
                <Field
                  name={`decisions.${index}.reviewBy`}
                  label={t.reviewBy}
                  type="date"
                  value={values[`decisions.${index}.reviewBy`]}
                  errors={errors}
                />
              </fieldset>
            );
          })}
          <fieldset>
            <legend>{t.threatenedWitnessOrdinance}</legend>
            <p class="hint">{t.threatenedWitnessHint}</p>
            <Field
              name="threatenedWitnessOrdinance.number"
              label={t.ordinanceNumber}
              value={values['threatenedWitnessOrdinance.number']}
              errors={errors}
            />
            <Field
              name="threatenedWitnessOrdinance.date"
              label={t.ordinanceDate}
              type="date"
              value={values['threatenedWitnessOrdinance.date']}
              errors={errors}
            />
          </fieldset>
          <button type="submit">{t.recordDecision}</button>
        </form>
      ) : null}
    </Layout>,
    status,
  );
}

async function readRequest(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const [request, found] = await Promise.all([
    ctx.get(`/cases/${caseId}/protection-requests/${ctx.params['requestId']}`),
    ctx.get(`/cases/${caseId}`),
  ]);
  return { request: request as RequestView, pseudonym: found.victim.pseudonym as string };
}

export async function protectionRequestPage(ctx: PageContext) {
  const { request, pseudonym } = await readRequest(ctx);
  return requestPage(ctx, request, pseudonym, {}, {});
}

export async function decideProtectionRequest(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const values: Values = Object.fromEntries(ctx.request.form);
  const { request, pseudonym } = await readRequest(ctx);
  const decisions = request.measures.map((m, index) => {
    const field = (name: string) => values[`decisions.${index}.${name}`]?.trim() || undefined;
    return {
      measure: m.type,
      outcome: field('outcome'),
      modifiedTo: field('modifiedTo'),
      reason: field('reason'),
      reviewBy: field('reviewBy'),
    };
  });
  const ordinanceNumber = values['threatenedWitnessOrdinance.number']?.trim();
  const ordinanceDate = values['threatenedWitnessOrdinance.date']?.trim();
  // CPP art. 126(1)(a)-(d) measures go with the threatened-witness status: its ordinance, when the form has it.
  const threatenedWitnessOrdinance =
    ordinanceNumber || ordinanceDate
      ? { number: ordinanceNumber || undefined, date: ordinanceDate || undefined }
      : undefined;
  try {
    await ctx.api('POST', `/cases/${caseId}/protection-requests/${request.id}/decision`, {
      body: { decisions, threatenedWitnessOrdinance },
      ifMatch: values['version'] ?? String(request.version),
    });
    return redirect(`/console/cases/${caseId}/protection/${request.id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const errors = problemFields(error, ctx.t);
    // A missing ordinance is named as a whole; its first field carries the message.
    if (errors['threatenedWitnessOrdinance'] !== undefined) {
      errors['threatenedWitnessOrdinance.number'] ??= errors['threatenedWitnessOrdinance'];
      delete errors['threatenedWitnessOrdinance'];
    }
    return requestPage(ctx, request, pseudonym, values, errors);
  }
}

interface DueMeasure {
  id: string;
  caseId: string;
  type: string;
  reviewBy: string | null;
  outcome: string;
  legalBasis: string;
  version: number;
}

export async function duePage(ctx: PageContext) {
  const { t } = ctx;
  const listed = await ctx.get('/protection-measures/due?limit=100');
  const items = listed.items as DueMeasure[];
  return page(
    <Layout frame={ctx.frame} title={t.dueForReview}>
      {items.length === 0 ? (
        <p>{t.dueNone}</p>
      ) : (
        <Table
          caption={t.dueForReview}
          head={[t.reviewBy, t.measures, t.decision, t.caseLabel, t.review]}
          rows={items.map((m) => [
            m.reviewBy ?? '-',
            enumLabel(m.type),
            enumLabel(m.outcome),
            <a href={`/console/cases/${m.caseId}`}>{t.caseFile}</a>,
            <a href={`/console/cases/${m.caseId}/measures/${m.id}/review`}>
              {t.review}: {enumLabel(m.type)}
            </a>,
          ])}
        />
      )}
    </Layout>,
  );
}

/** One measure's review: maintained, modified or lifted by a reasoned ordinance (CPP art. 126(5)). */
function reviewForm(ctx: PageContext, measure: DueMeasure, values: Values, errors: FieldErrors) {
  const { t } = ctx;
  const caseId = ctx.params['caseId'] as string;
  const outcomes = REVIEW_OUTCOMES.map((o) => [o, enumLabel(o)] as [string, string]);
  return page(
    <Layout frame={ctx.frame} title={`${t.review}: ${enumLabel(measure.type)}`}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href="/console/due">{t.dueForReview}</a> · <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <dl class="summary">
        <dt>{t.reviewBy}</dt>
        <dd>{measure.reviewBy ?? '-'}</dd>
        <dt>{t.decision}</dt>
        <dd>{enumLabel(measure.outcome)}</dd>
        <dt>{t.legalBasis}</dt>
        <dd>{measure.legalBasis}</dd>
      </dl>
      <form method="post" action={`/console/cases/${caseId}/measures/${measure.id}/review`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="version" value={String(measure.version)} />
        <Select
          name="outcome"
          label={t.reviewOutcome}
          options={outcomes}
          value={values['outcome']}
          errors={errors}
        />
        <Select
          name="modifiedTo"
          label={t.modifyTo}
          blank
          options={MEASURE_TYPES.map((type) => [type, enumLabel(type)] as [string, string])}
          value={values['modifiedTo']}
          errors={errors}
        />
        <Field name="reason" label={t.reason} value={values['reason']} errors={errors} />
        <Field
          name="ordinance.number"
          label={t.ordinanceNumber}
          value={values['ordinance.number']}
          errors={errors}
        />
        <Field
          name="ordinance.date"
          label={t.ordinanceDate}
          type="date"
          value={values['ordinance.date']}
          errors={errors}
        />
        <Field
          name="nextReviewBy"
          label={t.nextReviewBy}
          type="date"
          value={values['nextReviewBy']}
          errors={errors}
        />
        <button type="submit">{t.recordReview}</button>
      </form>
    </Layout>,
  );
}

async function readMeasure(ctx: PageContext): Promise<DueMeasure> {
  const caseId = ctx.params['caseId'] as string;
  const measure = await ctx.get(`/cases/${caseId}/protection-measures/${ctx.params['measureId']}`);
  return { ...measure, caseId } as DueMeasure;
}

export async function reviewMeasurePage(ctx: PageContext) {
  return reviewForm(ctx, await readMeasure(ctx), {}, {});
}

export async function reviewMeasure(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const measureId = ctx.params['measureId'] as string;
  const values: Values = Object.fromEntries(ctx.request.form);
  const field = (name: string) => values[name]?.trim() || undefined;
  const body = {
    outcome: field('outcome'),
    reason: field('reason'),
    ordinance: { number: field('ordinance.number'), date: field('ordinance.date') },
    nextReviewBy: field('nextReviewBy'),
    modifiedTo: field('modifiedTo'),
  };
  try {
    await ctx.api('POST', `/cases/${caseId}/protection-measures/${measureId}/review`, {
      body,
      ifMatch: values['version'] ?? '0',
    });
    return redirect('/console/due');
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    return reviewForm(ctx, await readMeasure(ctx), values, problemFields(error, ctx.t));
  }
}
