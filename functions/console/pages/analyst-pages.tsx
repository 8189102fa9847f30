// Analyst pages: Indicators (a half-year's programme indicators by county, with a national trend) and
// Feedback (a survey wave's answers per published grouping), each as charts and tables, with the export API's
// own CSV and JSON files to download. Every number comes from /exports/*, already disclosure-controlled: a
// withheld cell reads "< k" and is drawn as missing, never as 0.
import type { ComponentChildren } from 'preact';
import { now } from '../../../shared/domain/clock.ts';
import { COUNTED_INDICATORS, DERIVED_INDICATORS } from '../../../shared/domain/indicators.ts';
import { halfYearOf, isValidPeriod } from '../../../shared/domain/periods.ts';
import { ApiProblem } from '../api-client.ts';
import { Chart, type ChartValue, drawChart, PALETTE_SIZE } from '../charts.tsx';
import { ErrorSummary, type FieldErrors, Layout, Notice, Select, Table } from '../components.tsx';
import { type ConsoleResponse, redirect, securityHeaders } from '../console-http.ts';
import { type Catalog, enumLabel, type Locale, type MessageKey } from '../messages.ts';
import { fill } from '../messages-analyst.ts';
import { type PageContext, page } from '../page-context.ts';
import { analyst, at, type ConsoleRoute } from '../route-kit.ts';

/** The counts drawn by county: one person or event each, the plan's headline figures. */
const MAIN_COUNTS = [
  'victims_coordinated',
  'hearings_supported',
  'protection_requests',
  'voucher_requests_filed',
] as const;

/**
 * The trend shows the last four half-years (two years, the chosen one included): long enough to see a
 * direction in figures reported twice a year, and each half-year is one more export the page waits for (it
 * reads every survey's partition of that period), so four keeps the page's wait near a single export's.
 */
const TREND_PERIODS = 4;
/** The Period list offers the current half-year and the five before it: the three years an analyst reports on. */
const PERIOD_CHOICES = 6;

const INDICATOR_GROUPINGS = ['county', 'none'] as const;
const FEEDBACK_GROUPINGS = ['county', 'none', 'language', 'stage', 'age'] as const;

interface IndicatorGroup {
  stratum: { county?: string };
  suppressed: boolean;
  suppressedIndicators: string[];
  indicators: Record<string, number | null>;
}

interface IndicatorsExport {
  period: string;
  k: number;
  groupBy: 'county' | 'none';
  groups: IndicatorGroup[];
  national: IndicatorGroup;
}

interface FeedbackGroup {
  stratum: Record<string, string>;
  suppressed: boolean;
  respondents: number | null;
  questions: Record<string, Record<string, number | null>> | null;
}

interface FeedbackExport {
  surveyId: string;
  wave: string;
  k: number;
  groups: FeedbackGroup[];
  total: { respondents: number | null; invited: number | null; responseRate: number | null };
}

interface SurveyQuestion {
  id: string;
  type: 'scale' | 'yes_no' | 'choice' | 'text';
  text: Partial<Record<string, string>>;
}

function previousPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  return period.endsWith('S2') ? `${year}-S1` : `${year - 1}-S2`;
}

/** `count` half-years ending at `last`, oldest first. */
function periodsUpTo(last: string, count: number): string[] {
  const periods = [last];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0] as string));
  return periods;
}

function periodOptions(chosen: string): string[] {
  const recent = periodsUpTo(halfYearOf(now()), PERIOD_CHOICES).reverse();
  return isValidPeriod(chosen) && !recent.includes(chosen) ? [chosen, ...recent] : recent;
}

const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

/** The API's problems by form field: `query.period` is the field "period". */
function fieldErrors(error: ApiProblem, t: Catalog): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(error.fields))
    errors[path.split('.').pop() || 'form'] = message;
  if (Object.keys(errors).length === 0) errors['form'] = error.detail || t.serverErrorBody;
  return errors;
}

/** A form's 4xx from the export API comes back as the form with its problems; anything else is raised. */
async function orProblems<T>(
  ctx: PageContext,
  read: () => Promise<T>,
): Promise<{ value?: T; errors: FieldErrors }> {
  try {
    return { value: await read(), errors: {} };
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 400 || error.status === 422))
      return { errors: fieldErrors(error, ctx.t) };
    throw error;
  }
}

/** How a withheld cell reads: "< k", the start every reader (and test) can rely on. */
const withheld = (k: number) => `< ${k}`;

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}) {
  return new Intl.NumberFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', options);
}

/** An indicator's value as read: counts as they are, amounts (bani) in lei, rates as percentages. */
function indicatorText(locale: Locale, name: string, value: number): string {
  if (name.startsWith('voucher_amount'))
    return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value / 100);
  if (name === 'response_rate' || name === 'share_feeling_safe')
    return numberFormat(locale, { style: 'percent' }).format(value);
  return numberFormat(locale).format(value);
}

function cellText(
  t: Catalog,
  locale: Locale,
  k: number,
  name: string,
  value: number | null | undefined,
  suppressed: boolean,
): string {
  if (suppressed) return withheld(k);
  if (value === null || value === undefined) return t.notApplicable;
  return indicatorText(locale, name, value);
}

function indicatorLabel(t: Catalog, name: string): string {
  const [base = name, type] = name.split('.');
  const label = t[`ind_${base}` as MessageKey] ?? enumLabel(base);
  return type ? `${label}: ${enumLabel(type)}` : label;
}

const planCode = (name: string) => {
  const base = name.split('.')[0] as string;
  return (
    (COUNTED_INDICATORS as Record<string, string>)[base] ??
    (DERIVED_INDICATORS as Record<string, string>)[base] ??
    '-'
  );
};

/** A chart's accessible description: every category with its value, the withheld ones named as such. */
function describe(t: Catalog, k: number, categories: string[], values: ChartValue[], hidden: boolean[]) {
  return categories
    .map((category, i) => {
      const value = values[i];
      if (hidden[i]) return `${category}: ${withheld(k)} (${t.notDrawn})`;
      return `${category}: ${value === null || value === undefined ? t.notApplicable : value}`;
    })
    .join('; ');
}

/** A data table read row by row, in a scrolling box; a withheld cell is marked beside its "< k". */
function DataTable(props: {
  caption: string;
  head: string[];
  rows: { header: string; cells: string[] }[];
  describedBy?: string;
}) {
  return (
    <div class="table-scroll">
      <Table
        caption={props.caption}
        head={props.head}
        rows={props.rows.map((row) => [row.header, ...row.cells])}
        rowHeaders
        describedBy={props.describedBy}
        cellClass={(cell) => (typeof cell === 'string' && cell.startsWith('<') ? 'withheld' : undefined)}
      />
    </div>
  );
}

function SuppressionNote(props: { t: Catalog; k: number; id: string }) {
  return (
    <p class="notice" id={props.id}>
      {fill(props.t.suppressedNote, { k: props.k })} {props.t.notApplicableNote}
    </p>
  );
}

function Downloads(props: { t: Catalog; path: string; query: string }) {
  return (
    <ul class="downloads">
      <li>
        <a href={`${props.path}.csv?${props.query}`} download>
          {props.t.downloadCsv}
        </a>
      </li>
      <li>
        <a href={`${props.path}.json?${props.query}`} download>
          {props.t.downloadJson}
        </a>
      </li>
    </ul>
  );
}

function ChoiceForm(props: { t: Catalog; action: string; children: ComponentChildren }) {
  return (
    <form method="get" action={props.action} class="search" novalidate>
      {props.children}
      <button type="submit">{props.t.show}</button>
    </form>
  );
}

const groupingLabels = (t: Catalog): Record<string, string> => ({
  county: t.groupByCounty,
  none: t.groupByNone,
  language: t.groupByLanguage,
  stage: t.groupByStage,
  age: t.groupByAge,
});

// ---- Indicators ----

function indicatorChoices(ctx: PageContext) {
  const q = ctx.request.query;
  const period = q.get('period') ?? halfYearOf(now());
  const groupBy = q.get('groupBy') ?? 'county';
  return { period, groupBy, query: query({ period, groupBy }) };
}

async function indicatorsPage(ctx: PageContext): Promise<ConsoleResponse> {
  const { t } = ctx;
  const { period, groupBy, query: chosen } = indicatorChoices(ctx);
  const { value: result, errors } = await orProblems(
    ctx,
    async () => (await ctx.get(`/exports/indicators?${chosen}&format=json`)) as IndicatorsExport,
  );
  const labels = groupingLabels(t);
  return page(
    <Layout frame={ctx.frame} title={t.indicators}>
      <ErrorSummary t={t} errors={errors} />
      <ChoiceForm t={t} action="/console/indicators">
        <Select
          name="period"
          label={t.period}
          options={periodOptions(period)}
          value={period}
          errors={errors}
        />
        <Select
          name="groupBy"
          label={t.groupBy}
          options={INDICATOR_GROUPINGS.map((g) => [g, labels[g] as string])}
          value={groupBy}
          errors={errors}
        />
      </ChoiceForm>
      {result && (await indicatorsResult(ctx, result, chosen))}
    </Layout>,
  );
}

async function indicatorsResult(ctx: PageContext, result: IndicatorsExport, chosen: string) {
  const { t, locale } = ctx;
  const { k } = result;
  const groups = result.groupBy === 'county' ? result.groups : [];
  const columns = Object.keys(result.national.indicators);
  const hidden = (group: IndicatorGroup, name: string) =>
    group.suppressed || group.suppressedIndicators.includes(name);
  const drawn = (group: IndicatorGroup, name: string): ChartValue =>
    hidden(group, name) ? null : (group.indicators[name] ?? null);

  const byCounty = await Promise.all(
    groups.length === 0
      ? []
      : MAIN_COUNTS.map(async (name) => {
          const counties = groups.map((g) => g.stratum.county ?? '-');
          const values = groups.map((g) => drawn(g, name));
          const hiddenCells = groups.map((g) => hidden(g, name));
          // A withheld county keeps its place on the axis, marked "< k" under its name, with no bar.
          const categories = counties.map((county, i) =>
            hiddenCells[i] ? `${county}\n${withheld(k)}` : county,
          );
          const svg = await drawChart({ kind: 'bar', categories, series: [{ name, values }] });
          const title = fill(t.byCounty, { name: indicatorLabel(t, name) });
          return (
            <Chart
              key={name}
              svg={svg}
              title={title}
              description={describe(t, k, counties, values, hiddenCells)}
            />
          );
        }),
  );

  const trend = await nationalTrend(ctx, result);
  return (
    <section aria-labelledby="results">
      <h2 id="results">{t.table}</h2>
      <Downloads t={t} path="/console/indicators" query={chosen} />
      <SuppressionNote t={t} k={k} id="suppression" />
      {columns.length === 0 ? (
        <p>{t.noData}</p>
      ) : (
        <DataTable
          caption={fill(t.indicatorsOf, { period: result.period })}
          describedBy="suppression"
          head={[t.indicator, t.planCode, t.national, ...groups.map((g) => g.stratum.county ?? '-')]}
          rows={columns.map((name) => ({
            header: indicatorLabel(t, name),
            cells: [
              planCode(name),
              ...[result.national, ...groups].map((group) =>
                cellText(t, locale, k, name, group.indicators[name], hidden(group, name)),
              ),
            ],
          }))}
        />
      )}
      {byCounty.length > 0 && (
        <>
          <h2>{t.chartsByCounty}</h2>
          {byCounty}
        </>
      )}
      {trend}
    </section>
  );
}

/** The national main counts of the last TREND_PERIODS half-years, as lines. */
async function nationalTrend(ctx: PageContext, result: IndicatorsExport) {
  const { t } = ctx;
  const periods = periodsUpTo(result.period, TREND_PERIODS);
  const nationals = await Promise.all(
    periods.map(async (period) =>
      period === result.period
        ? result
        : ((await ctx.get(
            `/exports/indicators?${query({ period, groupBy: 'none' })}&format=json`,
          )) as IndicatorsExport),
    ),
  );
  const series = MAIN_COUNTS.map((name) => ({
    name: indicatorLabel(t, name),
    values: nationals.map((n) =>
      n.national.suppressedIndicators.includes(name) ? null : (n.national.indicators[name] ?? null),
    ),
    hidden: nationals.map((n) => n.national.suppressed || n.national.suppressedIndicators.includes(name)),
  }));
  const svg = await drawChart({
    kind: 'line',
    categories: periods,
    series,
    height: 340,
  });
  const title = fill(t.trendTitle, { from: periods[0] as string, to: periods[periods.length - 1] as string });
  const description = series
    .map((s) => `${s.name}: ${describe(t, result.k, periods, [...s.values], s.hidden)}`)
    .join('. ');
  return (
    <>
      <h2>{t.trend}</h2>
      <p>{fill(t.trendNote, { n: TREND_PERIODS })}</p>
      <Chart svg={svg} title={title} description={description} />
    </>
  );
}

// ---- Feedback ----

function feedbackChoices(ctx: PageContext, firstSurvey: string) {
  const q = ctx.request.query;
  const surveyId = q.get('surveyId') ?? firstSurvey;
  const wave = q.get('wave') ?? halfYearOf(now());
  const groupBy = q.get('groupBy') ?? 'county';
  return { surveyId, wave, groupBy, query: query({ surveyId, wave, groupBy }) };
}

const questionText = (question: SurveyQuestion, locale: Locale) =>
  question.text[locale] ?? question.text['ro'] ?? Object.values(question.text)[0] ?? question.id;

async function feedbackPage(ctx: PageContext): Promise<ConsoleResponse> {
  const { t } = ctx;
  const listed = await ctx.get('/surveys?limit=100');
  const surveys = listed.items as { id: string; title: string }[];
  if (surveys.length === 0)
    return page(
      <Layout frame={ctx.frame} title={t.feedback}>
        <p>{t.noSurveys}</p>
      </Layout>,
    );
  const choices = feedbackChoices(ctx, (surveys[0] as { id: string }).id);
  const known = surveys.some((s) => s.id === choices.surveyId);
  const { value: read, errors } = known
    ? await orProblems(ctx, async () => {
        const [definition, result] = await Promise.all([
          ctx.get(`/surveys/${encodeURIComponent(choices.surveyId)}`),
          ctx.get(`/exports/feedback?${choices.query}&format=json`),
        ]);
        return { questions: definition.questions as SurveyQuestion[], result: result as FeedbackExport };
      })
    : { errors: { surveyId: t.chooseSurvey } };
  const labels = groupingLabels(t);
  return page(
    <Layout frame={ctx.frame} title={t.feedback}>
      <ErrorSummary t={t} errors={errors} />
      <ChoiceForm t={t} action="/console/feedback">
        <Select
          name="surveyId"
          label={t.survey}
          options={surveys.map((s) => [s.id, s.title === s.id ? s.id : `${s.title} (${s.id})`])}
          value={choices.surveyId}
          errors={errors}
        />
        <Select
          name="wave"
          label={t.wave}
          options={periodOptions(choices.wave)}
          value={choices.wave}
          errors={errors}
        />
        <Select
          name="groupBy"
          label={t.groupBy}
          options={FEEDBACK_GROUPINGS.map((g) => [g, labels[g] as string])}
          value={choices.groupBy}
          errors={errors}
        />
      </ChoiceForm>
      {read && (await feedbackResult(ctx, read.result, read.questions, choices))}
    </Layout>,
  );
}

async function feedbackResult(
  ctx: PageContext,
  result: FeedbackExport,
  definition: SurveyQuestion[],
  choices: { groupBy: string; query: string },
) {
  const { t, locale } = ctx;
  const { k, total } = result;
  const count = (value: number | null | undefined) =>
    value === null || value === undefined ? withheld(k) : numberFormat(locale).format(value);
  const rate =
    total.responseRate === null
      ? // Not a count: the rate is withheld with the invitations (README "Publishable tables"), so it says why.
        t.responseRateWithheld
      : fill(t.responseRateValue, {
          rate: numberFormat(locale, { style: 'percent' }).format(total.responseRate),
          respondents: count(total.respondents),
          invited: count(total.invited),
        });
  const groupName = (group: FeedbackGroup) =>
    choices.groupBy === 'none'
      ? t.allRespondents
      : Object.values(group.stratum)
          .map((value) => (choices.groupBy === 'stage' ? enumLabel(value) : value))
          .join(', ') || '-';
  // Free text is never counted, shown or exported: only the questions with answers to count.
  // A group withheld whole lists no answers: its row still shows, every count "< k".
  const questions = definition.filter((q) => q.type !== 'text');

  const sections = await Promise.all(
    questions.map(async (question) => {
      const answers = [
        ...new Set(result.groups.flatMap((g) => Object.keys(g.questions?.[question.id] ?? {}))),
      ];
      const answerLabels = answers.map((a) => enumLabel(a));
      const series = result.groups.map((group) => {
        const values = answers.map((a) => group.questions?.[question.id]?.[a] ?? null);
        return { name: groupName(group), values };
      });
      // An answer withheld in every group is marked "< k" under its name, as a county is on Indicators.
      const categories = answerLabels.map((label, i) =>
        series.every((s) => s.values[i] === null) ? `${label}\n${withheld(k)}` : label,
      );
      // Past one colour per group a chart stops telling groups apart (and outgrows the page): table only.
      const drawable = answers.length > 0 && series.length <= PALETTE_SIZE;
      const svg = drawable ? await drawChart({ kind: 'bar', categories, series }) : '';
      const title = fill(t.questionDistribution, { question: questionText(question, locale) });
      const said = (values: ChartValue[]) =>
        describe(
          t,
          k,
          answerLabels,
          values,
          values.map((v) => v === null),
        );
      // One group: its answers alone; several: each group's, named.
      const description =
        series.length === 1
          ? said((series[0] as { values: ChartValue[] }).values)
          : series.map((s) => `${s.name}: ${said(s.values)}`).join('. ');
      return (
        <section key={question.id} class="question">
          {svg ? (
            <Chart svg={svg} title={title} description={description} />
          ) : (
            answers.length > 0 && <p>{t.tooManyGroups}</p>
          )}
          <DataTable
            caption={title}
            describedBy="suppression"
            head={[t.group, t.respondents, ...answerLabels]}
            rows={result.groups.map((group) => ({
              header: groupName(group),
              cells: [
                count(group.respondents),
                ...answers.map((a) => count(group.questions?.[question.id]?.[a] ?? null)),
              ],
            }))}
          />
        </section>
      );
    }),
  );

  return (
    <section aria-labelledby="results">
      <h2 id="results">{`${result.surveyId}, ${result.wave}`}</h2>
      <Downloads t={t} path="/console/feedback" query={choices.query} />
      <dl class="summary">
        <dt>{t.responseRate}</dt>
        <dd class={rate.startsWith('<') ? 'withheld' : undefined}>{rate}</dd>
      </dl>
      <SuppressionNote t={t} k={k} id="suppression" />
      <Notice>{t.freeTextNotShown}</Notice>
      {result.groups.length === 0 ? <p>{t.noGroups}</p> : sections}
    </section>
  );
}

// ---- Downloads: the export API's own files, handed on ----

/**
 * The file exactly as the export API answered it (its body, media type and file name), as an attachment.
 * A choice the API refuses goes back to the page, which shows the problem by its field.
 */
async function handOn(
  ctx: PageContext,
  back: string,
  apiPath: string,
  chosen: string,
  format: 'csv' | 'json',
  name: (body: { period?: string; surveyId?: string; wave?: string }) => string,
): Promise<ConsoleResponse> {
  try {
    const answer = await ctx.api('GET', `${apiPath}?${chosen}&format=${format}`);
    const disposition = answer.disposition?.startsWith('attachment')
      ? answer.disposition
      : `attachment; filename="${name(answer.body ?? {})}"`;
    return {
      statusCode: 200,
      headers: {
        ...securityHeaders(),
        'content-type':
          answer.contentType ?? (format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json'),
        'content-disposition': disposition,
        'cache-control': 'no-store',
      },
      body: answer.text,
    };
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 400 || error.status === 422))
      return redirect(`${back}?${chosen}`);
    throw error;
  }
}

function indicatorsDownload(format: 'csv' | 'json') {
  return (ctx: PageContext) =>
    handOn(
      ctx,
      '/console/indicators',
      '/exports/indicators',
      indicatorChoices(ctx).query,
      format,
      (body) => `indicators-${body.period}.${format}`,
    );
}

function feedbackDownload(format: 'csv' | 'json') {
  return (ctx: PageContext) => {
    const q = ctx.request.query;
    const chosen = query({
      surveyId: q.get('surveyId') ?? '',
      wave: q.get('wave') ?? halfYearOf(now()),
      groupBy: q.get('groupBy') ?? 'county',
    });
    return handOn(
      ctx,
      '/console/feedback',
      '/exports/feedback',
      chosen,
      format,
      (body) => `feedback-${body.surveyId}-${body.wave}.${format}`,
    );
  };
}

export const analystRoutes: ConsoleRoute[] = [
  { method: 'GET', pattern: at('/indicators'), roles: analyst, page: indicatorsPage },
  { method: 'GET', pattern: at('/indicators\\.csv'), roles: analyst, page: indicatorsDownload('csv') },
  { method: 'GET', pattern: at('/indicators\\.json'), roles: analyst, page: indicatorsDownload('json') },
  { method: 'GET', pattern: at('/feedback'), roles: analyst, page: feedbackPage },
  { method: 'GET', pattern: at('/feedback\\.csv'), roles: analyst, page: feedbackDownload('csv') },
  { method: 'GET', pattern: at('/feedback\\.json'), roles: analyst, page: feedbackDownload('json') },
];
