// Pure shaping of the analyst exports: counter cells in, grouped and disclosure-controlled tables out. Nothing
// here knows DynamoDB; the export service hands in the counter items it read.
//
// Feedback (`/exports/feedback`, API.md): groups by any subset of the strata. A group is suppressed when its
// respondents are below k, plus secondary suppression over the groups against the published total. Inside a
// published group each question's answer counts are a row of a groups x answers table, suppressed with
// suppressTable: "the only person in DJ who said 1" is a count of one person, so a non-zero answer count
// below k is null, and its partner too; a row whose total had to be hidden is published all null (the
// group's respondents are published, so its answer total is as good as known). Columns are protected
// against the national answer counts, which the export grouped by nothing publishes.
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
// - response_rate = survey_responses / survey_invitations, null if either is suppressed or nothing invited;
// - share_feeling_safe = answers 4-5 / numeric answers of question `safe` of the survey named by `surveyId`
//   (the wave is the period), from a counties x {safe, not safe} table under suppressTable; null when no
//   survey is named, nobody answered, or a cell is suppressed;
// - `protection_measures_confirmed.<type>` breaks the confirmed measures down by measure type;
// - amounts are bani (minor units); rates and shares are rounded to two decimals.
// The national row is always computed from the county table, so it is the same whatever the grouping.
// `suppressedIndicators` names the nulls that are disclosure control (other nulls mean "not computable").
// The CSV renderings are in export-csv.ts, so the route table does not pull a CSV library into every bundle.

import {
  type PublishedCount,
  type SuppressedList,
  suppressList,
  suppressTable,
} from './disclosure-control.ts';
import { MEASURE_TYPES } from './enums.ts';
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

/** The pseudo-questions of the AGG# partition (keys.ts): people per stratum, not answers. */
export const RESPONDENTS_QUESTION = '_respondents';
export const INVITED_QUESTION = '_invited';

/** One AGG# counter item as stored: sk `<stratum>#<question>#<answer>`, numeric count. */
export interface SurveyCounter {
  sk: string;
  count: number;
}

export interface ParsedSurveyCounter {
  strata: Record<FeedbackDimension, string>;
  question: string;
  answer: string;
  count: number;
}

/** The sk of a survey counter read back; undefined for anything not in the keys.ts format. */
export function parseSurveyCounter(counter: SurveyCounter): ParsedSurveyCounter | undefined {
  const first = counter.sk.indexOf('#');
  const second = counter.sk.indexOf('#', first + 1);
  if (first < 0 || second < 0 || !isCount(counter.count)) return undefined;
  const values = new Map<string, string>();
  for (const part of counter.sk.slice(0, first).split('|')) {
    const eq = part.indexOf('=');
    if (eq > 0) values.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const strata = {} as Record<FeedbackDimension, string>;
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const value = values.get(dimension);
    if (!value) return undefined;
    strata[dimension] = value;
  }
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

interface FeedbackCell {
  stratum: Stratum;
  respondents: number;
  invited: number;
  answers: Map<string, Map<string, number>>;
}

export function shapeFeedback(input: {
  surveyId: string;
  wave: string;
  groupBy: readonly FeedbackDimension[];
  k: number;
  counters: readonly ParsedSurveyCounter[];
}): FeedbackExport {
  const { k, groupBy } = input;
  const byKey = new Map<string, FeedbackCell>();
  const answersOf = new Map<string, Set<string>>();
  for (const counter of input.counters) {
    const stratum: Stratum = {};
    for (const dimension of groupBy) stratum[dimension] = counter.strata[dimension];
    const key = groupBy.map((d) => counter.strata[d]).join('|');
    let cell = byKey.get(key);
    if (!cell) {
      cell = { stratum, respondents: 0, invited: 0, answers: new Map() };
      byKey.set(key, cell);
    }
    if (counter.question === RESPONDENTS_QUESTION) cell.respondents += counter.count;
    else if (counter.question === INVITED_QUESTION) cell.invited += counter.count;
    else {
      const answers = cell.answers.get(counter.question) ?? new Map<string, number>();
      answers.set(counter.answer, (answers.get(counter.answer) ?? 0) + counter.count);
      cell.answers.set(counter.question, answers);
      const known = answersOf.get(counter.question) ?? new Set<string>();
      known.add(counter.answer);
      answersOf.set(counter.question, known);
    }
  }
  const keys = [...byKey.keys()].sort(byText);
  const cells = keys.map((key) => byKey.get(key) as FeedbackCell);
  const groups = suppressList(
    keys.map((key, i) => ({ key, count: cells[i]?.respondents ?? 0 })),
    k,
  );

  const questionIds = [...answersOf.keys()].sort(byText);
  const tables = questionIds.map((question) => {
    const answers = [...(answersOf.get(question) ?? [])].sort(byText);
    const table = suppressTable(
      {
        rows: keys,
        cols: answers,
        counts: cells.map((cell) => answers.map((a) => cell.answers.get(question)?.get(a) ?? 0)),
      },
      k,
    );
    return { question, answers, table };
  });

  const invited = sum(cells.map((cell) => cell.invited));
  const publishedInvited = invited > 0 && invited < k ? null : invited;
  const respondents = publishedValue(groups.total);
  return {
    surveyId: input.surveyId,
    wave: input.wave,
    k,
    groups: cells.map((cell, row) => {
      const published = groups.cells[row];
      if (!published || published.suppressed) {
        return { stratum: cell.stratum, suppressed: true, respondents: null, questions: null };
      }
      const questions: Record<string, Record<string, number | null>> = {};
      for (const { question, answers, table } of tables) {
        const rowHidden = table.rowTotals[row]?.suppressed ?? true;
        questions[question] = Object.fromEntries(
          answers.map((answer, col) => [
            answer,
            rowHidden ? null : publishedValue(table.cells[row]?.[col] ?? HIDDEN),
          ]),
        );
      }
      return { stratum: cell.stratum, suppressed: false, respondents: published.value, questions };
    }),
    total: {
      respondents,
      invited: publishedInvited,
      responseRate: rate(respondents, publishedInvited),
    },
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
  /** The AGG# counters of the survey named for share_feeling_safe; null when none is named. */
  surveyCounters: readonly ParsedSurveyCounter[] | null;
}): IndicatorsExport {
  const { k } = input;
  const counters = input.counters.filter((c) => c.indicator in COUNTED_INDICATORS && isCount(c.count));
  const amounts = input.amounts.filter((a) => isCount(a.amount));
  const safeAnswers = (input.surveyCounters ?? []).filter(
    (c) => c.question === SAFE_QUESTION_ID && Number.isFinite(Number(c.answer)) && c.answer.trim() !== '',
  );
  const columns = indicatorColumns(counters);
  const counties = [
    ...new Set([
      ...counters.map((c) => c.county),
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

  // Feeling safe: counties x {4-5, other answers}, protected against the national split too.
  const safeTable = suppressTable(
    {
      rows: counties,
      cols: ['safe', 'not_safe'],
      counts: counties.map((county) => {
        const answers = safeAnswers.filter((c) => c.strata.county === county);
        const safe = sum(answers.filter((c) => Number(c.answer) >= 4).map((c) => c.count));
        return [safe, sum(answers.map((c) => c.count)) - safe];
      }),
    },
    k,
  );

  const build = (
    stratum: { county?: string },
    cellOf: (list: SuppressedList) => PublishedCount,
    value: (name: string) => number,
    safeCells: [PublishedCount, PublishedCount] | undefined,
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
    for (const name of columns) {
      if (groupHidden) {
        put(name, null, true);
      } else if (name === 'voucher_amount_granted_total') {
        put(name, value(name), amountsHidden);
      } else if (name === 'voucher_amount_granted_median') {
        put(name, median(voucherAmounts), amountsHidden);
      } else if (name === 'response_rate') {
        const hiddenPart = personHidden('survey_responses') || personHidden('survey_invitations');
        put(name, rate(value('survey_responses'), value('survey_invitations')), hiddenPart);
      } else if (name === 'share_feeling_safe') {
        const [safe, notSafe] = safeCells ?? [HIDDEN, HIDDEN];
        const none = input.surveyCounters === null || safeAnswers.length === 0;
        const hiddenPart = !none && (safe.suppressed || notSafe.suppressed);
        const answered = (safe.value ?? 0) + (notSafe.value ?? 0);
        put(name, none ? null : rate(safe.value, answered), hiddenPart);
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
            [safeTable.cells[row]?.[0] ?? HIDDEN, safeTable.cells[row]?.[1] ?? HIDDEN],
            amountsOf(county),
          ),
        )
      : [];
  const national = build(
    {},
    (list) => list.total,
    nationalOf,
    [safeTable.colTotals[0] ?? HIDDEN, safeTable.colTotals[1] ?? HIDDEN],
    amountsOf(),
  );
  return { period: input.period, k, groupBy: input.groupBy, surveyId: input.surveyId, groups, national };
}

const HIDDEN: PublishedCount = { value: null, suppressed: true, reason: 'secondary' };

function publishedValue(cell: PublishedCount): number | null {
  return cell.suppressed ? null : cell.value;
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
