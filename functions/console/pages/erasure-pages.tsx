// The admin's Erasure: a case entered by its id, then a confirmation step that names what is scrubbed and
// what stays (API.md, DESIGN.md "Erasure"). Nothing is erased unless the confirmation form is posted with its
// box ticked and a reason; DELETE /cases/{caseId}/personal-data then does it, and audits it.

import { ApiProblem } from '../api-client.ts';
import {
  Checkbox,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  Layout,
  Notice,
  TextArea,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

interface CaseSummary {
  id: string;
  county: string;
  status: string;
  proceedingsStage: string;
  createdAt: string;
  erasedAt?: string;
  victim: { pseudonym: string };
}

function findPage(ctx: PageContext, caseId: string, errors: FieldErrors) {
  const { t } = ctx;
  const done = ctx.request.query.get('erased');
  return page(
    <Layout frame={ctx.frame} title={t.erasure}>
      {done && ULID.test(done) && <Notice>{`${t.erasureDone} ${done}`}</Notice>}
      <p>{t.erasureIntro}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="get" action="/console/erasure" novalidate>
        <Field name="caseId" label={t.caseId} hint={t.caseIdHint} value={caseId} errors={errors} />
        <button type="submit">{t.continue}</button>
      </form>
    </Layout>,
  );
}

function confirmPage(
  ctx: PageContext,
  found: CaseSummary,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  const { t, locale } = ctx;
  return page(
    <Layout frame={ctx.frame} title={t.confirmErasure}>
      <ErrorSummary t={t} errors={errors} />
      <dl class="summary">
        <dt>{t.caseId}</dt>
        <dd>{found.id}</dd>
        <dt>{t.pseudonym}</dt>
        <dd>{found.victim.pseudonym}</dd>
        <dt>{t.county}</dt>
        <dd>{found.county}</dd>
        <dt>{t.stage}</dt>
        <dd>{enumLabel(found.proceedingsStage)}</dd>
        <dt>{t.created}</dt>
        <dd>{formatInstant(locale, found.createdAt)}</dd>
      </dl>
      {found.erasedAt && <Notice>{`${t.alreadyErased} ${formatInstant(locale, found.erasedAt)}`}</Notice>}
      <h2>{t.erasureScrubbed}</h2>
      <ul>
        <li>{t.scrubNames}</li>
        <li>{t.scrubPhones}</li>
        <li>{t.scrubFreeText}</li>
        <li>{t.scrubMessages}</li>
      </ul>
      <h2>{t.erasureStays}</h2>
      <ul>
        <li>{t.staysPseudonym}</li>
        <li>{t.staysFacts}</li>
        <li>{t.staysAudit}</li>
      </ul>
      <form method="post" action={`/console/erasure/${found.id}`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <TextArea name="reason" label={t.erasureReason} value={values['reason']} errors={errors} />
        <div class={errors['confirm-yes'] ? 'field has-error' : 'field'}>
          {errors['confirm-yes'] && <p class="error">{errors['confirm-yes']}</p>}
          <Checkbox name="confirm" value="yes" label={t.erasureConfirm} checked={false} />
        </div>
        <button type="submit" class="warning">
          {t.erasePersonalData}
        </button>
      </form>
      <p>
        <a href="/console/erasure">{t.cancelErasure}</a>
      </p>
    </Layout>,
  );
}

/** Step 1 (no case id) or step 2 (the case found): both are reads, nothing changes here. */
export async function erasurePage(ctx: PageContext) {
  const caseId = (ctx.request.query.get('caseId') ?? '').trim().toUpperCase();
  if (!caseId) return findPage(ctx, '', {});
  if (!ULID.test(caseId)) return findPage(ctx, caseId, { caseId: ctx.t.caseIdHint });
  try {
    const found = (await ctx.get(`/cases/${caseId}`)) as CaseSummary;
    return confirmPage(ctx, found, {}, {});
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 404) throw error;
    return findPage(ctx, caseId, { caseId: ctx.t.caseNotFound });
  }
}

/** Step 3, the confirmation: only with the box ticked does the console ask the API to erase. */
export async function eraseCase(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const values = Object.fromEntries(ctx.request.form);
  const found = (await ctx.get(`/cases/${caseId}`)) as CaseSummary;
  const errors: FieldErrors = {};
  if (values['confirm'] !== 'yes') errors['confirm-yes'] = ctx.t.erasureConfirmMissing;
  if (!values['reason']?.trim()) errors['reason'] = ctx.t.erasureReasonMissing;
  if (Object.keys(errors).length > 0) return confirmPage(ctx, found, values, errors);
  try {
    await ctx.api('DELETE', `/cases/${caseId}/personal-data`, { body: { reason: values['reason']?.trim() } });
    return redirect(`/console/erasure?erased=${caseId}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    return confirmPage(ctx, found, values, problemFields(error, ctx.t));
  }
}
