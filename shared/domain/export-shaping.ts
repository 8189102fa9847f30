// Pure shaping of the analyst exports: counter cells in, grouped and disclosure-controlled tables out. Nothing
// here knows DynamoDB; the export service hands in the counter items it read.
//
// Feedback (`/exports/feedback`, API.md): a fixed set of tables per survey wave (PUBLISHED_GROUPINGS:
// national, by county, by language, by stage, by age band), suppressed together by suppressLinked over every
// relation a reader knows between them, so that no combination of downloads narrows a withheld cell (README
// "Publishable tables"; test/unit/disclosure-audit.test.ts proves it by linear programming). A request cuts
// its table from that one result; a cross-classification is refused (422). Every count below k is withheld,
// zeros included; a group invited fewer than k times is not named; every answer value a question can take
// is listed (null where withheld); the invitations, and the names themselves, are withheld where what they
// imply (a named group had k invitations) would narrow a withheld count (feedbackTables, rules (a) and (b)).
//
// Indicators (`/exports/indicators`): per county (or none) and national, every indicator of indicators.ts:
//   { period, k, groupBy: 'county' | 'none', surveyId | null,
//     groups: [{ stratum: { county }, suppressed, suppressedIndicators: [name], indicators: { name: n | null } }],
//     national: { stratum: {}, suppressed, suppressedIndicators, indicators } }
// - person counts (PERSON_COUNTS) below k are null, with secondary suppression across counties vs national;
// - a group whose victims_coordinated is suppressed is suppressed whole: every indicator null (event counts,
//   amounts, medians, rates), so nothing about its few people is published; the same for national;
// - voucher amounts (total, median) are null where the number of granted amounts (VAMT items) is
//   suppressed, by the same primary + secondary rules: an amount of fewer than k people is theirs;
// - survey_invitations and survey_responses are not suppressed on their own: they are sums of what the
//   feedback tables of every survey of the period publish (`periodSurveys`, each suppressed jointly by
//   feedbackTables), so they add no number to those tables. survey_responses (county or national) is the sum
//   of each survey's published respondents of that group, withheld when any survey of the period withholds
//   them or does not name the county. survey_invitations is published nationally only (the sum of each
//   survey's published invitations); per county it is always withheld, because the feedback tables publish
//   no county invitations: a county figure would bound hidden respondents and, against the national one, the
//   residue of the counties too small to name. A survey nobody was invited to in the period adds nothing;
//   the IND# survey counters are not read for publication at all;
// - response_rate = survey_responses / survey_invitations, null if either is suppressed or nothing invited
//   (so null per county);
// - share_feeling_safe = answers 4-5 / numeric answers of question `safe` of the survey named by `surveyId`
//   (the wave is the period), from the counts its feedback tables publish (the same joint suppression);
//   null when no survey is named or nobody answered, withheld when any of those counts is;
// - `protection_measures_confirmed.<type>` breaks the confirmed measures down by measure type;
// - amounts are bani (minor units); rates and shares are rounded to two decimals.
// The national row is always computed from the county table, so it is the same whatever the grouping.
// `suppressedIndicators` names the nulls that are disclosure control (other nulls mean "not computable").
// The CSV renderings are in export-csv.ts, so the route table does not pull a CSV library into every bundle.

import {
  type LinkedLine,
  type PublishedCount,
  provedUpperBounds,
  type SuppressedList,
  suppressLinked,
  suppressList,
} from './disclosure-control.ts';
import { AGE_BANDS, COUNTIES, LANGUAGES, MEASURE_TYPES, PROCEEDINGS_STAGES } from './enums.ts';
import { BusinessRuleError } from './errors.ts';
import {
  COUNTED_INDICATORS,
  type CountedIndicator,
  DERIVED_INDICATORS,
  PERSON_COUNTS,
  SAFE_QUESTION_ID,
} from './indicators.ts';

export const FEEDBACK_DIMENSIONS = ['county', 'language', 'stage', 'age'] as const;
export type FeedbackDimension = (typeof FEEDBACK_DIMENSIONS)[number];
export type Stratum = Partial<Record<FeedbackDimension, string>>;

/**
 * The feedback tables a survey wave publishes, and the only values `groupBy` takes: national (`none`) and one
 * table per dimension. They share their totals, so they are suppressed together (suppressLinked) and a
 * cross-classification (county x language) is never published: it would be a table of its own, and the
 * difference between it and its margins is exactly the attack these tables are protected against.
 */
export const PUBLISHED_GROUPINGS = ['none', ...FEEDBACK_DIMENSIONS] as const;

/** The pseudo-questions of the AGG# partition (keys.ts): people per stratum, not answers. */
export const RESPONDENTS_QUESTION = '_respondents';
export const INVITED_QUESTION = '_invited';

/** One AGG# counter item as stored: sk `<stratum>#<question>#<answer>`, numeric count. */
export interface SurveyCounter {
  sk: string;
  count: number;
}

/**
 * A counter read back. New counters carry one dimension (`county=DJ`: the cell of one published table);
 * counters written before the tables were fixed carry all four, and count once in each table.
 */
export interface ParsedSurveyCounter {
  strata: Stratum;
  question: string;
  answer: string;
  count: number;
}

/** An answer value a question can take (from the survey definition), listed even where nobody chose it. */
export interface AnswerValue {
  question: string;
  answer: string;
}

/** The sk of a survey counter read back; undefined for anything not in the keys.ts format. */
export function parseSurveyCounter(counter: SurveyCounter): ParsedSurveyCounter | undefined {
  const first = counter.sk.indexOf('#');
  const second = counter.sk.indexOf('#', first + 1);
  if (first < 0 || second < 0 || !isCount(counter.count)) return undefined;
  const values = new Map<string, string>();
  for (const part of counter.sk.slice(0, first).split('|')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return undefined;
    values.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const strata: Stratum = {};
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const value = values.get(dimension);
    if (value) strata[dimension] = value;
  }
  const known = Object.keys(strata).length;
  if (known !== values.size || (known !== 1 && known !== FEEDBACK_DIMENSIONS.length)) return undefined;
  return {
    strata,
    question: counter.sk.slice(first + 1, second),
    answer: counter.sk.slice(second + 1),
    count: counter.count,
  };
}

export interface FeedbackGroup {
  stratum: Stratum;
  suppressed: boolean;
  respondents: number | null;
  /** question id -> answer -> count; null where suppressed. */
  questions: Record<string, Record<string, number | null>> | null;
}

export interface FeedbackExport {
  surveyId: string;
  wave: string;
  k: number;
  groups: FeedbackGroup[];
  total: { respondents: number | null; invited: number | null; responseRate: number | null };
}

/** `groupBy` as parsed (dimensions in canonical order); anything but none or one dimension is refused, 422. */
export function assertPublishedGrouping(groupBy: readonly FeedbackDimension[]): void {
  if (groupBy.length <= 1) return;
  throw new BusinessRuleError('Only the published tables can be exported: one dimension or none.', [
    { path: 'groupBy', message: `Must be one of ${PUBLISHED_GROUPINGS.join(', ')}` },
  ]);
}

/** The people who skipped a question: a count an attacker can derive, never published, protected. */
const SKIPPED = '\u0000skipped';
const RESPONDENTS_COLUMN = `${RESPONDENTS_QUESTION}#_`;

interface TableRow {
  stratum: Stratum;
  /** null for the residue of the groups too small to name (never published). */
  named: boolean;
  invited: number;
  counts: Map<string, number>;
}

/** Every table of a survey wave, suppressed together: what any `groupBy` may publish comes from here. */
export interface FeedbackTables {
  k: number;
  national: FeedbackGroup;
  byDimension: Record<FeedbackDimension, FeedbackGroup[]>;
  /** Invitations of the wave; null when below k or when the respondents are withheld. */
  invited: number | null;
}

/** The values a reader knows each dimension can take: a group that is not named is one of the rest. */
export const FEEDBACK_DOMAIN: Record<FeedbackDimension, readonly string[]> = {
  county: COUNTIES,
  language: LANGUAGES,
  stage: PROCEEDINGS_STAGES,
  age: AGE_BANDS,
};

interface FeedbackInput {
  k: number;
  counters: readonly ParsedSurveyCounter[];
  answerValues?: readonly AnswerValue[];
  /** Tests with a small world pass theirs; a value seen in a counter counts as part of it. */
  domain?: Readonly<Record<FeedbackDimension, readonly string[]>>;
}

/**
 * The tables of a survey wave. A reader knows more than the published numbers: the publication rule itself
 * says that a named group was invited at least k times and a value not named fewer than k times, and a
 * published `invited` (N) next to the respondents (R) says that T = N - R people were invited and did not
 * answer. Those facts narrow nothing about the respondents and answers as long as, for every set of answers
 * the published numbers allow, non-respondents can be added that satisfy them too. They can when every table
 * can place the same T non-respondents: a named group whose respondents are published already has k or more
 * people, one whose respondents are withheld needs at most k non-respondents, a value not named needs none
 * (and a table of non-negative counts with any margins of one common sum exists, in whole numbers too). So,
 * with h the largest number of named groups with withheld respondents in one table:
 * (a) N is published only when R is, N >= k and T >= k(1 + h): k for each such group, and k more, so that a
 *     county too small to name can still hold 0 or k - 1 of them (T is a count of people like any other);
 * (b) without N, T is bounded only by a table that names no group: its m values were each invited fewer than k
 *     times, so T <= m(k - 1) - R. Groups are named in the other tables only when m(k - 1) - R' >= k(1 + h),
 *     R' being R, or where it is withheld, the most the published numbers allow; otherwise no table names any
 *     group (everything is national, and withheld with the residue that equals it).
 * Where (a) and (b) hold, the attacker of test/support/disclosure-auditor.ts, who also solves for the
 * invitations with every one of these facts, proves no tighter bound than one who knows only the respondents.
 */
export function feedbackTables(input: FeedbackInput): FeedbackTables {
  const withNames = jointTables(input, true);
  return withNames.namesSafe ? withNames.tables : jointTables(input, false).tables;
}

function jointTables(
  input: FeedbackInput,
  nameGroups: boolean,
): { tables: FeedbackTables; namesSafe: boolean } {
  const { k } = input;
  const domain = input.domain ?? FEEDBACK_DOMAIN;
  const answersOf = new Map<string, Set<string>>();
  const noteAnswer = (question: string, answer: string) => {
    const known = answersOf.get(question) ?? new Set<string>();
    known.add(answer);
    answersOf.set(question, known);
  };
  for (const value of input.answerValues ?? []) noteAnswer(value.question, value.answer);
  for (const c of input.counters) {
    if (c.question !== RESPONDENTS_QUESTION && c.question !== INVITED_QUESTION)
      noteAnswer(c.question, c.answer);
  }
  const questions = [...answersOf.keys()].sort(byText);
  const answers = new Map(questions.map((q) => [q, [...(answersOf.get(q) ?? [])].sort(byText)]));

  const emptyRow = (stratum: Stratum, named: boolean): TableRow => ({
    stratum,
    named,
    invited: 0,
    counts: new Map(),
  });
  const addTo = (row: TableRow, c: ParsedSurveyCounter) => {
    if (c.question === INVITED_QUESTION) row.invited += c.count;
    else
      row.counts.set(
        `${c.question}#${c.answer}`,
        (row.counts.get(`${c.question}#${c.answer}`) ?? 0) + c.count,
      );
  };
  // Every person is counted once per dimension; the county counters (or the full ones) give the nation.
  const national = emptyRow({}, true);
  for (const c of input.counters) if (c.strata.county !== undefined) addTo(national, c);
  const rowsOf = new Map<FeedbackDimension, TableRow[]>();
  const residueCaps = new Map<TableRow, number>();
  const unnamedCount = new Map<FeedbackDimension, number>();
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const byValue = new Map<string, TableRow>();
    for (const c of input.counters) {
      const value = c.strata[dimension];
      if (value === undefined) continue;
      const row = byValue.get(value) ?? emptyRow({ [dimension]: value }, true);
      byValue.set(value, row);
      addTo(row, c);
    }
    const all = [...byValue.keys()].sort(byText).map((v) => byValue.get(v) as TableRow);
    // A group with fewer than k invitations is not named at all: its people go to an unpublished residue.
    const named = nameGroups ? all.filter((row) => row.invited >= k) : [];
    const residue = emptyRow({}, false);
    const namedValues = new Set(named.map((row) => row.stratum[dimension]));
    const unnamed = new Set([...domain[dimension], ...byValue.keys()].filter((v) => !namedValues.has(v)));
    unnamedCount.set(dimension, unnamed.size);
    // Where nobody of the unnamed groups was invited, the residue is no one: a known zero. Unnamed by rule (b)
    // instead, a group of k or more caps nothing.
    const invitedElsewhere = sum(all.filter((row) => !named.includes(row)).map((row) => row.invited));
    const capped = all.every((row) => named.includes(row) || row.invited < k);
    residueCaps.set(
      residue,
      invitedElsewhere === 0 ? 0 : capped ? unnamed.size * (k - 1) : Number.POSITIVE_INFINITY,
    );
    for (const [column, count] of national.counts) {
      const rest = count - sum(named.map((row) => row.counts.get(column) ?? 0));
      residue.counts.set(column, Math.max(0, rest));
    }
    rowsOf.set(dimension, [...named, residue]);
  }

  // Columns: respondents, each answer of each question, and the skipped count where anyone skipped.
  const columnsOf = new Map<string, string[]>();
  const respondentsOf = (row: TableRow) => row.counts.get(RESPONDENTS_COLUMN) ?? 0;
  const answerSum = (row: TableRow, q: string) =>
    sum((answers.get(q) ?? []).map((a) => row.counts.get(`${q}#${a}`) ?? 0));
  for (const q of questions) {
    const skipped = respondentsOf(national) - answerSum(national, q);
    columnsOf.set(q, [
      ...(answers.get(q) ?? []).map((a) => `${q}#${a}`),
      ...(skipped > 0 ? [`${q}#${SKIPPED}`] : []),
    ]);
  }
  const columns = [RESPONDENTS_COLUMN, ...questions.flatMap((q) => columnsOf.get(q) ?? [])];
  const countOf = (row: TableRow, column: string) =>
    column.endsWith(`#${SKIPPED}`)
      ? Math.max(0, respondentsOf(row) - answerSum(row, column.slice(0, column.length - SKIPPED.length - 1)))
      : (row.counts.get(column) ?? 0);

  const values: number[] = [];
  const unpublished = new Set<number>();
  const caps = new Map<number, number>();
  const cellsOf = new Map<TableRow, Map<string, number>>();
  const place = (row: TableRow) => {
    const cells = new Map<string, number>();
    const cap = residueCaps.get(row);
    for (const column of columns) {
      cells.set(column, values.length);
      if (cap !== undefined && Number.isFinite(cap)) caps.set(values.length, cap);
      if (!row.named || column.endsWith(`#${SKIPPED}`)) unpublished.add(values.length);
      values.push(countOf(row, column));
    }
    cellsOf.set(row, cells);
  };
  const allRows = [national, ...FEEDBACK_DIMENSIONS.flatMap((d) => rowsOf.get(d) ?? [])];
  for (const row of allRows) place(row);
  const at = (row: TableRow, column: string) => cellsOf.get(row)?.get(column) as number;

  const lines: LinkedLine[] = [];
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const rows = rowsOf.get(dimension) ?? [];
    for (const column of columns) {
      lines.push({ members: rows.map((row) => at(row, column)), total: at(national, column) });
    }
  }
  const dominance: Array<{ line: LinkedLine; by: LinkedLine }> = [];
  for (const q of questions) {
    const rowLine = (row: TableRow): LinkedLine => ({
      members: (columnsOf.get(q) ?? []).map((c) => at(row, c)),
      total: at(row, RESPONDENTS_COLUMN),
    });
    const nationalLine = rowLine(national);
    for (const row of allRows) {
      const line = rowLine(row);
      lines.push(line);
      // Each group's answer count is at most the nation's: the groups' lines are dominated by the nation's.
      if (row !== national) dominance.push({ line, by: nationalLine });
    }
  }
  const reasons = suppressLinked(values, lines, k, unpublished, caps, dominance);
  const shown = (i: number): number | null => (reasons[i] === undefined ? (values[i] ?? 0) : null);

  const group = (row: TableRow): FeedbackGroup => {
    const respondents = shown(at(row, RESPONDENTS_COLUMN));
    if (respondents === null)
      return { stratum: row.stratum, suppressed: true, respondents: null, questions: null };
    const published: Record<string, Record<string, number | null>> = {};
    for (const q of questions) {
      published[q] = Object.fromEntries((answers.get(q) ?? []).map((a) => [a, shown(at(row, `${q}#${a}`))]));
    }
    return { stratum: row.stratum, suppressed: false, respondents, questions: published };
  };
  const byDimension = Object.fromEntries(
    FEEDBACK_DIMENSIONS.map((d) => [d, (rowsOf.get(d) ?? []).filter((row) => row.named).map(group)]),
  ) as Record<FeedbackDimension, FeedbackGroup[]>;
  // Rules (a) and (b) of feedbackTables: what the invitations a reader knows of may not narrow.
  const nationalGroup = group(national);
  const respondents = nationalGroup.respondents;
  const withheldNamed = FEEDBACK_DIMENSIONS.map(
    (d) =>
      (rowsOf.get(d) ?? []).filter((row) => row.named && shown(at(row, RESPONDENTS_COLUMN)) === null).length,
  );
  const room = k * (1 + Math.max(0, ...withheldNamed));
  const invited =
    respondents !== null && national.invited >= k && national.invited - respondents >= room
      ? national.invited
      : null;
  const namesNothing = FEEDBACK_DIMENSIONS.filter((d) => !(rowsOf.get(d) ?? []).some((row) => row.named));
  let namesSafe = true;
  if (invited === null && namesNothing.length > 0 && namesNothing.length < FEEDBACK_DIMENSIONS.length) {
    const cap = Math.min(...namesNothing.map((d) => (unnamedCount.get(d) ?? 0) * (k - 1)));
    const mostRespondents =
      respondents ?? provedUpperBounds(values, lines, reasons, caps)[at(national, RESPONDENTS_COLUMN)];
    namesSafe = cap - (mostRespondents ?? Number.POSITIVE_INFINITY) >= room;
  }
  return { tables: { k, national: nationalGroup, byDimension, invited }, namesSafe };
}

/** One published table of the survey wave (API.md `/exports/feedback`), cut from the jointly suppressed set. */
export function shapeFeedback(input: {
  surveyId: string;
  wave: string;
  groupBy: readonly FeedbackDimension[];
  k: number;
  counters: readonly ParsedSurveyCounter[];
  answerValues?: readonly AnswerValue[];
  domain?: Readonly<Record<FeedbackDimension, readonly string[]>>;
}): FeedbackExport {
  assertPublishedGrouping(input.groupBy);
  const tables = feedbackTables(input);
  const dimension = input.groupBy[0];
  const respondents = tables.national.respondents;
  const invited = tables.invited;
  return {
    surveyId: input.surveyId,
    wave: input.wave,
    k: input.k,
    groups: dimension === undefined ? [tables.national] : tables.byDimension[dimension],
    total: { respondents, invited, responseRate: rate(respondents, invited) },
  };
}

export type IndicatorGrouping = 'county' | 'none';

/** One IND# counter item as stored (indicator-counters.ts). */
export interface IndicatorCounter {
  county: string;
  indicator: string;
  type: string | null;
  count: number;
}

/** One VAMT# item: a granted voucher amount in bani and its county. */
export interface VoucherAmount {
  county: string;
  amount: number;
}

export interface IndicatorGroup {
  stratum: { county?: string };
  suppressed: boolean;
  /** Indicators that are null because of disclosure control, not because they cannot be computed. */
  suppressedIndicators: string[];
  indicators: Record<string, number | null>;
}

export interface IndicatorsExport {
  period: string;
  k: number;
  groupBy: IndicatorGrouping;
  surveyId: string | null;
  groups: IndicatorGroup[];
  national: IndicatorGroup;
}

const typedName = (indicator: string, type: string) => `${indicator}.${type}`;

/** Every indicator column, in a stable order: counted, their breakdowns by type, then derived. */
export function indicatorColumns(counters: readonly IndicatorCounter[] = []): string[] {
  const typed = new Set(MEASURE_TYPES.map((t) => typedName('protection_measures_confirmed', t)));
  for (const c of counters) {
    if (c.type && c.indicator in COUNTED_INDICATORS) typed.add(typedName(c.indicator, c.type));
  }
  const counted = Object.keys(COUNTED_INDICATORS);
  const breakdowns = [...typed].sort(byText);
  return [...counted, ...breakdowns, ...Object.keys(DERIVED_INDICATORS)];
}

export function shapeIndicators(input: {
  period: string;
  k: number;
  groupBy: IndicatorGrouping;
  surveyId: string | null;
  counters: readonly IndicatorCounter[];
  amounts: readonly VoucherAmount[];
  /** The answer values of that survey's questions, as the feedback export lists them. */
  surveyAnswerValues?: readonly AnswerValue[];
  /** The AGG# counters of the survey named for share_feeling_safe; null when none is named. */
  surveyCounters: readonly ParsedSurveyCounter[] | null;
  /** The AGG# counters of every survey with a wave in this period: the survey counts come from them. */
  periodSurveys: readonly PeriodSurvey[];
}): IndicatorsExport {
  const { k } = input;
  const counters = input.counters.filter(
    (c) => c.indicator in COUNTED_INDICATORS && isCount(c.count) && !(c.indicator in SURVEY_COUNTS),
  );
  const surveyCounts = periodSurveyCounts(k, input.periodSurveys);
  const amounts = input.amounts.filter((a) => isCount(a.amount));
  const safeAnswers = (input.surveyCounters ?? []).filter(
    (c): c is ParsedSurveyCounter & { strata: { county: string } } =>
      c.strata.county !== undefined &&
      c.question === SAFE_QUESTION_ID &&
      Number.isFinite(Number(c.answer)) &&
      c.answer.trim() !== '',
  );
  const columns = indicatorColumns(counters);
  const counties = [
    ...new Set([
      ...counters.map((c) => c.county),
      ...surveyCounts.counties,
      ...amounts.map((a) => a.county),
      ...safeAnswers.map((c) => c.strata.county),
    ]),
  ].sort(byText);

  const raw = new Map<string, Map<string, number>>(counties.map((c) => [c, new Map()]));
  const add = (county: string, name: string, by: number) => {
    const values = raw.get(county) as Map<string, number>;
    values.set(name, (values.get(name) ?? 0) + by);
  };
  for (const c of counters) {
    add(c.county, c.indicator, c.count);
    if (c.type) add(c.county, typedName(c.indicator, c.type), c.count);
  }
  const rawOf = (county: string, name: string) => raw.get(county)?.get(name) ?? 0;
  const nationalOf = (name: string) => sum(counties.map((c) => rawOf(c, name)));

  // Person counts: each column against its national total.
  const personColumns = columns.filter((name) =>
    PERSON_COUNTS.includes(name.split('.')[0] as CountedIndicator),
  );
  const personLists = new Map<string, SuppressedList>(
    personColumns.map((name) => [
      name,
      suppressList(
        counties.map((county) => ({ key: county, count: rawOf(county, name) })),
        k,
      ),
    ]),
  );
  const population = personLists.get('victims_coordinated') as SuppressedList;

  // Voucher amounts: suppressed by the number of people whose amounts they add up.
  const amountsOf = (county?: string) =>
    amounts.filter((a) => county === undefined || a.county === county).map((a) => a.amount);
  const contributors = suppressList(
    counties.map((county) => ({ key: county, count: amountsOf(county).length })),
    k,
  );

  // Feeling safe: a ratio of counts that the survey's feedback tables publish, cut from the same joint
  // suppression as /exports/feedback, so it tells nothing those tables withhold; withheld where any numeric
  // answer of `safe` is (a share of 1 would otherwise say what everyone in a county answered).
  const joint = input.surveyCounters
    ? feedbackTables({ k, counters: input.surveyCounters, answerValues: input.surveyAnswerValues ?? [] })
    : undefined;
  const countyGroups = new Map((joint?.byDimension.county ?? []).map((g) => [g.stratum.county, g]));
  const shareOf = (group: FeedbackGroup | undefined): SafeShare => {
    if (!group || group.questions === null) return { share: null, hidden: true };
    const answers = Object.entries(group.questions[SAFE_QUESTION_ID] ?? {}).filter(
      ([answer]) => answer.trim() !== '' && Number.isFinite(Number(answer)),
    );
    if (answers.some(([, n]) => n === null)) return { share: null, hidden: true };
    const answered = sum(answers.map(([, n]) => n ?? 0));
    const safe = sum(answers.filter(([answer]) => Number(answer) >= 4).map(([, n]) => n ?? 0));
    return { share: rate(safe, answered), hidden: false };
  };

  const build = (
    stratum: { county?: string },
    cellOf: (list: SuppressedList) => PublishedCount,
    value: (name: string) => number,
    safeShare: SafeShare,
    voucherAmounts: number[],
  ): IndicatorGroup => {
    const suppressedIndicators: string[] = [];
    const groupHidden = cellOf(population).suppressed;
    const amountsHidden = cellOf(contributors).suppressed;
    const indicators: Record<string, number | null> = {};
    const put = (name: string, result: number | null, suppressedCell: boolean) => {
      indicators[name] = suppressedCell ? null : result;
      if (suppressedCell) suppressedIndicators.push(name);
    };
    const personHidden = (name: string) => {
      const list = personLists.get(name);
      return list ? cellOf(list).suppressed : false;
    };
    const surveyCount = (name: keyof typeof SURVEY_COUNTS) => surveyCounts.of(stratum.county, name);
    for (const name of columns) {
      if (groupHidden) {
        put(name, null, true);
      } else if (name in SURVEY_COUNTS) {
        const count = surveyCount(name as keyof typeof SURVEY_COUNTS);
        put(name, count, count === null);
      } else if (name === 'voucher_amount_granted_total') {
        put(name, value(name), amountsHidden);
      } else if (name === 'voucher_amount_granted_median') {
        put(name, median(voucherAmounts), amountsHidden);
      } else if (name === 'response_rate') {
        const responses = surveyCount('survey_responses');
        const invitations = surveyCount('survey_invitations');
        put(name, rate(responses, invitations), responses === null || invitations === null);
      } else if (name === 'share_feeling_safe') {
        const none = input.surveyCounters === null || safeAnswers.length === 0;
        put(name, none ? null : safeShare.share, !none && safeShare.hidden);
      } else {
        put(name, value(name), personHidden(name));
      }
    }
    return { stratum, suppressed: groupHidden, suppressedIndicators, indicators };
  };

  const groups =
    input.groupBy === 'county'
      ? counties.map((county, row) =>
          build(
            { county },
            (list) => list.cells[row] ?? HIDDEN,
            (name) => rawOf(county, name),
            shareOf(countyGroups.get(county)),
            amountsOf(county),
          ),
        )
      : [];
  const national = build({}, (list) => list.total, nationalOf, shareOf(joint?.national), amountsOf());
  return { period: input.period, k, groupBy: input.groupBy, surveyId: input.surveyId, groups, national };
}

const HIDDEN: PublishedCount = { value: null, suppressed: true, reason: 'secondary' };

/** The AGG# counters of one survey wave of the period, as the feedback export reads them. */
export interface PeriodSurvey {
  counters: readonly ParsedSurveyCounter[];
  answerValues?: readonly AnswerValue[];
  domain?: Readonly<Record<FeedbackDimension, readonly string[]>>;
}

/** The indicators that count survey invitations and responses: published from the feedback tables only. */
const SURVEY_COUNTS = { survey_invitations: true, survey_responses: true } as const;

/**
 * survey_invitations and survey_responses of a county (undefined: national), summed from what the feedback
 * tables of every survey of the period publish, or null where any of them withholds the part (see the
 * module comment). Sums of published numbers only, so linking the two exports tells a reader nothing new.
 */
function periodSurveyCounts(
  k: number,
  surveys: readonly PeriodSurvey[],
): {
  counties: string[];
  of: (county: string | undefined, name: keyof typeof SURVEY_COUNTS) => number | null;
} {
  // A survey nobody was invited to in the period has no counters: it is no one, and adds 0.
  const tables = surveys
    .filter((s) => s.counters.some((c) => c.question === INVITED_QUESTION && c.count > 0))
    .map((s) => feedbackTables({ k, ...s }));
  const counties = new Set<string>();
  for (const s of surveys) for (const c of s.counters) if (c.strata.county) counties.add(c.strata.county);
  const sumOrNull = (parts: Array<number | null>): number | null =>
    parts.some((n) => n === null) ? null : sum(parts as number[]);
  return {
    counties: [...counties],
    of: (county, name) => {
      if (name === 'survey_invitations') {
        // Per county the feedback tables publish no invitations, so neither does this export.
        return county === undefined ? sumOrNull(tables.map((t) => t.invited)) : null;
      }
      return sumOrNull(
        tables.map((t) =>
          county === undefined
            ? t.national.respondents
            : (t.byDimension.county.find((g) => g.stratum.county === county)?.respondents ?? null),
        ),
      );
    },
  };
}

interface SafeShare {
  share: number | null;
  hidden: boolean;
}

function rate(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return Math.round((numerator / denominator) * 100) / 100;
}

/** The median in bani, the mean of the two middle amounts rounded to a whole ban; null for none. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : Math.round(((sorted[mid - 1] ?? 0) + upper) / 2);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Numeric-aware, so answers sort 1, 2, 10 and counties alphabetically. */
function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
