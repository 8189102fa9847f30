// "File a protection request" (coordinator): the individual risk assessment (factors, level, summary) and the
// measures asked for, each with its justification, as POST /cases/{caseId}/protection-requests takes them.
import { MEASURE_TYPES, PROTECTION_STAGES, RISK_FACTORS, RISK_LEVELS } from '../../../shared/domain/enums.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Checkbox,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldId,
  Layout,
  Select,
  TextArea,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { type PageContext, page, problemFields } from '../page-context.ts';

interface Filled {
  values: Record<string, string>;
  factors: string[];
  measures: string[];
}

const options = (values: readonly string[]) => values.map((v) => [v, enumLabel(v)] as [string, string]);

function requestForm(ctx: PageContext, pseudonym: string, filled: Filled, errors: FieldErrors) {
  const { t } = ctx;
  const caseId = ctx.params['caseId'] as string;
  const { values } = filled;
  return page(
    <Layout frame={ctx.frame} title={`${t.fileProtectionRequest}: ${pseudonym}`}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <form method="post" action={`/console/cases/${caseId}/protection`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <Select
          name="stage"
          label={t.stage}
          options={options(PROTECTION_STAGES)}
          value={values['stage']}
          errors={errors}
        />
        <Select
          name="urgent"
          label={t.urgentChoice}
          options={[
            ['', t.urgentDerived],
            ['yes', t.urgent],
            ['no', t.normal],
          ]}
          value={values['urgent'] ?? ''}
          errors={errors}
        />
        <fieldset id={fieldId('riskAssessment.factors')}>
          <legend>{t.factors}</legend>
          {errors['riskAssessment.factors'] && <p class="error">{errors['riskAssessment.factors']}</p>}
          {RISK_FACTORS.map((f) => (
            <Checkbox
              key={f}
              name="factors"
              value={f}
              label={enumLabel(f)}
              checked={filled.factors.includes(f)}
            />
          ))}
        </fieldset>
        <Select
          name="riskAssessment.level"
          label={t.level}
          options={options(RISK_LEVELS)}
          value={values['riskAssessment.level'] ?? 'medium'}
          errors={errors}
        />
        <TextArea
          name="riskAssessment.summary"
          label={t.assessmentSummary}
          value={values['riskAssessment.summary']}
          errors={errors}
        />
        <fieldset id={fieldId('measures')}>
          <legend>{t.measuresRequested}</legend>
          {errors['measures'] && <p class="error">{errors['measures']}</p>}
          {MEASURE_TYPES.map((m) => (
            <div key={m} class="measure-choice">
              <Checkbox
                name="measures"
                value={m}
                label={enumLabel(m)}
                checked={filled.measures.includes(m)}
              />
              <Field
                name={`justification.${m}`}
                label={`${t.justification}: ${enumLabel(m)}`}
                value={values[`justification.${m}`]}
                errors={errors}
              />
            </div>
          ))}
        </fieldset>
        <button type="submit">{t.fileRequest}</button>
      </form>
    </Layout>,
  );
}

async function pseudonymOf(ctx: PageContext): Promise<string> {
  return (await ctx.get(`/cases/${ctx.params['caseId']}`)).victim.pseudonym;
}

export async function protectionRequestForm(ctx: PageContext) {
  return requestForm(ctx, await pseudonymOf(ctx), { values: {}, factors: [], measures: [] }, {});
}

export async function fileProtectionRequest(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const form = ctx.request.form;
  const values = Object.fromEntries(form);
  const factors = form.getAll('factors');
  // The measures in the order the form lists them, so the API's `measures.<i>` points back to one.
  const chosen = form.getAll('measures');
  const measures = MEASURE_TYPES.filter((m) => chosen.includes(m));
  const body = {
    stage: values['stage'] || undefined,
    urgent: values['urgent'] === 'yes' ? true : values['urgent'] === 'no' ? false : undefined,
    riskAssessment: {
      factors,
      level: values['riskAssessment.level'] || undefined,
      summary: values['riskAssessment.summary']?.trim() ?? '',
    },
    measures: measures.map((type) => ({
      type,
      justification: values[`justification.${type}`]?.trim() ?? '',
    })),
  };
  try {
    const filed = await ctx.api('POST', `/cases/${caseId}/protection-requests`, { body });
    return redirect(`/console/cases/${caseId}/protection/${filed.body.id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    const errors: FieldErrors = {};
    for (const [path, message] of Object.entries(problemFields(error, ctx.t))) {
      // `measures.2.justification` is the justification of the third measure ticked.
      const measure = /^measures\.(\d+)/.exec(path);
      const type = measure ? measures[Number(measure[1])] : undefined;
      const key = type
        ? `justification.${type}`
        : path.startsWith('riskAssessment.factors')
          ? 'riskAssessment.factors'
          : path;
      errors[key] ??= message;
    }
    return requestForm(ctx, await pseudonymOf(ctx), { values, factors, measures }, errors);
  }
}
