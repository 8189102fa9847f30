// Vouchers (coordinator, HG 541/2023): file a compensation or advance request, then record each step the
// commission and the distributor take (decision, issued, redeemed, expired), each with If-Match.
import {
  DAMAGE_HEADS,
  VOUCHER_DOCUMENTS,
  VOUCHER_KINDS,
  VOUCHER_USES,
} from '../../../shared/domain/enums.ts';
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
  Table,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page, problemFields } from '../page-context.ts';

type Values = Record<string, string>;
const options = (values: readonly string[]) => values.map((v) => [v, enumLabel(v)] as [string, string]);
const lei = (amount: { amount: number; currency: string }) =>
  `${(amount.amount / 100).toFixed(2)} ${amount.currency}`;

/** "1500" or "1500,50" lei -> bani, the API's minor unit; anything else goes as typed, for the API to name. */
function money(text: string | undefined) {
  const typed = text?.trim().replace(',', '.') ?? '';
  if (!typed) return undefined;
  const amount = /^\d+(\.\d{1,2})?$/.test(typed) ? Math.round(Number(typed) * 100) : typed;
  return { amount, currency: 'RON' };
}

/** The API's `amountRequested.amount` is the form's `amountRequested`. */
function formErrors(error: ApiProblem, ctx: PageContext): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(problemFields(error, ctx.t)))
    errors[path.replace(/\.(amount|currency)$/, '').replace(/\.\d+$/, '')] ??= message;
  return errors;
}

function CheckboxGroup(props: {
  name: string;
  legend: string;
  values: readonly string[];
  checked: string[];
  errors: FieldErrors;
}) {
  return (
    <fieldset id={fieldId(props.name)}>
      <legend>{props.legend}</legend>
      {props.errors[props.name] && <p class="error">{props.errors[props.name]}</p>}
      {props.values.map((v) => (
        <Checkbox
          key={v}
          name={props.name}
          value={v}
          label={enumLabel(v)}
          checked={props.checked.includes(v)}
        />
      ))}
    </fieldset>
  );
}

function newVoucherForm(
  ctx: PageContext,
  values: Values,
  lists: Record<string, string[]>,
  errors: FieldErrors,
) {
  const { t } = ctx;
  const caseId = ctx.params['caseId'] as string;
  return page(
    <Layout frame={ctx.frame} title={t.fileVoucherRequest}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <form method="post" action={`/console/cases/${caseId}/vouchers`} novalidate>
        <Csrf token={ctx.session.csrf} />
        <Select
          name="kind"
          label={t.kind}
          options={options(VOUCHER_KINDS)}
          value={values['kind']}
          errors={errors}
        />
        <Field
          name="amountRequested"
          label={t.amountLei}
          inputmode="numeric"
          value={values['amountRequested']}
          errors={errors}
        />
        <Field name="filedAt" label={t.filedOn} type="date" value={values['filedAt']} errors={errors} />
        <Field
          name="referredAt"
          label={t.referredOn}
          type="date"
          value={values['referredAt']}
          errors={errors}
        />
        <Field name="tribunal" label={t.tribunal} value={values['tribunal']} errors={errors} />
        <CheckboxGroup
          name="uses"
          legend={t.uses}
          values={VOUCHER_USES}
          checked={lists['uses'] ?? []}
          errors={errors}
        />
        <CheckboxGroup
          name="documents"
          legend={t.documents}
          values={VOUCHER_DOCUMENTS}
          checked={lists['documents'] ?? []}
          errors={errors}
        />
        <CheckboxGroup
          name="damageHeads"
          legend={t.damageHeads}
          values={DAMAGE_HEADS}
          checked={lists['damageHeads'] ?? []}
          errors={errors}
        />
        <button type="submit">{t.fileRequest}</button>
      </form>
    </Layout>,
  );
}

export async function voucherRequestForm(ctx: PageContext) {
  return newVoucherForm(ctx, {}, {}, {});
}

export async function fileVoucherRequest(ctx: PageContext) {
  const caseId = ctx.params['caseId'] as string;
  const form = ctx.request.form;
  const values: Values = Object.fromEntries(form);
  const lists = {
    uses: form.getAll('uses'),
    documents: form.getAll('documents'),
    damageHeads: form.getAll('damageHeads'),
  };
  const nonEmpty = (list: string[]) => (list.length > 0 ? list : undefined);
  const body = {
    kind: values['kind'] || undefined,
    amountRequested: money(values['amountRequested']),
    filedAt: values['filedAt'] || undefined,
    referredAt: values['referredAt'] || undefined,
    tribunal: values['tribunal']?.trim() || undefined,
    uses: nonEmpty(lists.uses),
    documents: lists.documents,
    damageHeads: nonEmpty(lists.damageHeads),
  };
  try {
    const filed = await ctx.api('POST', `/cases/${caseId}/voucher-requests`, { body });
    return redirect(`/console/cases/${caseId}/vouchers/${filed.body.id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    return newVoucherForm(ctx, values, lists, formErrors(error, ctx));
  }
}

interface VoucherView {
  id: string;
  kind: string;
  status: string;
  amountRequested: { amount: number; currency: string };
  amountGranted?: { amount: number; currency: string };
  filedAt: string;
  tribunal: string;
  validUntil?: string;
  hoursToIssue?: number;
  withinTarget?: boolean;
  history: { step: string; at: string; by: string }[];
  version: number;
}

/** The steps a request can take from where it is (HG 541/2023: decision, then the voucher's life). */
const NEXT_STEPS: Record<string, string[]> = {
  filed: ['decision'],
  approved: ['issued'],
  issued: ['redeemed', 'expired'],
};

function voucherPage(ctx: PageContext, voucher: VoucherView, values: Values, errors: FieldErrors) {
  const { t, locale } = ctx;
  const caseId = ctx.params['caseId'] as string;
  const base = `/console/cases/${caseId}/vouchers/${voucher.id}`;
  const steps = NEXT_STEPS[voucher.status] ?? [];
  const version = <input type="hidden" name="version" value={String(voucher.version)} />;
  return page(
    <Layout frame={ctx.frame} title={`${t.voucherRequest}: ${enumLabel(voucher.kind)}`}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href={`/console/cases/${caseId}`}>{t.caseFile}</a>
      </p>
      <dl class="summary">
        <dt>{t.status}</dt>
        <dd>{enumLabel(voucher.status)}</dd>
        <dt>{t.amount}</dt>
        <dd>{lei(voucher.amountRequested)}</dd>
        {voucher.amountGranted && (
          <>
            <dt>{t.amountGranted}</dt>
            <dd>{lei(voucher.amountGranted)}</dd>
          </>
        )}
        <dt>{t.tribunal}</dt>
        <dd>{voucher.tribunal}</dd>
        {voucher.hoursToIssue !== undefined && (
          <>
            <dt>{t.hoursToIssue}</dt>
            <dd>
              {voucher.hoursToIssue} ({voucher.withinTarget ? t.withinTarget : t.pastTarget})
            </dd>
          </>
        )}
        {voucher.validUntil && (
          <>
            <dt>{t.validUntil}</dt>
            <dd>{voucher.validUntil}</dd>
          </>
        )}
      </dl>
      <Table
        caption={t.steps}
        head={[t.step, t.date, t.recordedBy]}
        rows={voucher.history.map((h) => [enumLabel(h.step), formatInstant(locale, h.at), h.by])}
      />
      {steps.includes('decision') && (
        <form method="post" action={`${base}/decision`} novalidate>
          <h2>{t.recordCommissionDecision}</h2>
          <Csrf token={ctx.session.csrf} />
          {version}
          <Select
            name="outcome"
            label={t.decision}
            options={options(['approved', 'rejected'])}
            value={values['outcome']}
            errors={errors}
          />
          <Field
            name="amountGranted"
            label={t.amountGrantedLei}
            value={values['amountGranted']}
            errors={errors}
          />
          <Field
            name="decidedAt"
            label={t.decidedOn}
            type="date"
            value={values['decidedAt']}
            errors={errors}
          />
          <Field name="reference" label={t.reference} value={values['reference']} errors={errors} />
          <button type="submit">{t.recordDecision}</button>
        </form>
      )}
      {steps.includes('issued') && (
        <form method="post" action={`${base}/issued`} novalidate>
          <h2>{t.recordIssued}</h2>
          <Csrf token={ctx.session.csrf} />
          {version}
          <Field name="issuedAt" label={t.issuedOn} type="date" value={values['issuedAt']} errors={errors} />
          <Field name="distributor" label={t.distributor} value={values['distributor']} errors={errors} />
          <Field
            name="validUntil"
            label={t.validUntil}
            type="date"
            value={values['validUntil']}
            errors={errors}
          />
          <button type="submit">{t.recordIssued}</button>
        </form>
      )}
      {steps.includes('redeemed') && (
        <form method="post" action={`${base}/redeemed`} novalidate>
          <h2>{t.recordRedeemed}</h2>
          <Csrf token={ctx.session.csrf} />
          {version}
          <Field
            name="redeemedAt"
            label={t.redeemedOn}
            type="date"
            value={values['redeemedAt']}
            errors={errors}
          />
          <button type="submit">{t.recordRedeemed}</button>
        </form>
      )}
      {steps.includes('expired') && (
        <form method="post" action={`${base}/expired`}>
          <h2>{t.recordExpired}</h2>
          <Csrf token={ctx.session.csrf} />
          {version}
          <button type="submit" class="warning">
            {t.recordExpired}
          </button>
        </form>
      )}
    </Layout>,
  );
}

const voucherPath = (ctx: PageContext) =>
  `/cases/${ctx.params['caseId']}/voucher-requests/${ctx.params['requestId']}`;

export async function voucherStepsPage(ctx: PageContext) {
  return voucherPage(ctx, await ctx.get(voucherPath(ctx)), {}, {});
}

/** One step posted from the voucher's page, with the version it was shown at. */
export async function recordVoucherStep(ctx: PageContext) {
  const values: Values = Object.fromEntries(ctx.request.form);
  const step = ctx.params['step'] as 'decision' | 'issued' | 'redeemed' | 'expired';
  const field = (name: string) => values[name]?.trim() || undefined;
  const bodies = {
    decision: {
      outcome: field('outcome'),
      amountGranted: values['outcome'] === 'approved' ? money(values['amountGranted']) : undefined,
      decidedAt: field('decidedAt'),
      reference: field('reference'),
    },
    issued: {
      issuedAt: field('issuedAt'),
      distributor: field('distributor'),
      validUntil: field('validUntil'),
    },
    redeemed: { redeemedAt: field('redeemedAt') },
    expired: undefined,
  };
  try {
    await ctx.api('POST', `${voucherPath(ctx)}/${step}`, {
      body: bodies[step],
      ifMatch: values['version'] ?? '0',
    });
    return redirect(`/console${voucherPath(ctx).replace('voucher-requests', 'vouchers')}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 404) throw error;
    return voucherPage(ctx, await ctx.get(voucherPath(ctx)), values, formErrors(error, ctx));
  }
}
