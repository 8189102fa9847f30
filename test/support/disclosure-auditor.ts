// An attacker with every feedback table the API publishes for one survey wave: from all the published numbers
// together it proves, by linear programming over the whole cross-classification of the population (every
// combination of county, language, stage, age band and answers is a variable), the tightest bounds on each
// cell that was withheld. The protection interval it checks (README "Publishable tables"):
//   - a withheld cell whose true count is below k can be, as far as the attacker can prove, 0 and k-1;
//   - a withheld cell of k or more cannot be pinned to fewer than k consecutive values.
// Withheld cells include the unnamed residue of each table (the groups too small to name, taken together).
//
// A period links more than one export: the programme indicators (`/exports/indicators`, the period is the
// wave) publish survey_invitations and survey_responses per county and nationally, summed over every survey
// of the period. `auditPeriod` takes the populations of every survey of one period, publishes every feedback
// table of each and the indicators export, and lets the attacker solve all of them together: its unknowns are
// then, per survey, the respondents of every type and the invitees who did not answer in every stratum.
//
// What the attacker knows besides the numbers, all of it on by default (AttackerKnowledge switches it off, to
// show what each fact is worth): everything the publication rule itself implies. Counts are whole and not
// negative, and respondents are invitees (so no group answered more often than it was invited); a named group
// was invited at least k times (`namedAtLeastK`), a value not named fewer than k times; a published count is
// exact (and so at least k: the rule withholds every smaller one, zeros included). Which withheld cells are
// primary it cannot tell (the exports publish no reason), and from a withheld `invited` it learns only a
// disjunction (respondents withheld, or too few people who did not answer), which would widen no bound here.
// Integers (`integers`) make each bound an integer program; on these tables it costs little over the
// relaxation, and a rounded relaxation can be looser than what a patient attacker proves.
import lpSolver, { type SolverAPI } from 'javascript-lp-solver';
import {
  type AnswerValue,
  FEEDBACK_DIMENSIONS,
  type FeedbackDimension,
  type FeedbackExport,
  INVITED_QUESTION,
  type IndicatorCounter,
  type IndicatorsExport,
  type ParsedSurveyCounter,
  PUBLISHED_GROUPINGS,
  RESPONDENTS_QUESTION,
  shapeFeedback,
  shapeIndicators,
} from '../../shared/domain/export-shaping.ts';

// The package's types describe its ESM build while TypeScript reads them as CommonJS: take whichever default.
const solver = ((lpSolver as unknown as { default?: SolverAPI }).default ?? lpSolver) as unknown as SolverAPI;

export type Strata = Record<FeedbackDimension, string>;

export interface Person {
  strata: Strata;
  responded: boolean;
  /** question -> answer, or null for a skipped question. */
  answers: Record<string, string | null>;
}

export interface Population {
  k: number;
  /** Every value each dimension may take: what an attacker knows exists (a group not named is one of these). */
  domain: Record<FeedbackDimension, string[]>;
  questions: Record<string, string[]>;
  /** Whether a respondent may skip a question; when not, the attacker knows every answer is there. */
  skips: boolean;
  people: Person[];
}

/** The counters the survey writes for these people: one per published table, as survey-repository does. */
export function countersOf(population: Population): ParsedSurveyCounter[] {
  const cells = new Map<string, ParsedSurveyCounter>();
  const add = (dimension: FeedbackDimension, value: string, question: string, answer: string) => {
    const key = `${dimension}=${value}#${question}#${answer}`;
    const cell = cells.get(key) ?? { strata: { [dimension]: value }, question, answer, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  };
  for (const person of population.people) {
    for (const dimension of FEEDBACK_DIMENSIONS) {
      const value = person.strata[dimension];
      add(dimension, value, INVITED_QUESTION, '_');
      if (!person.responded) continue;
      add(dimension, value, RESPONDENTS_QUESTION, '_');
      for (const [question, answer] of Object.entries(person.answers)) {
        if (answer !== null) add(dimension, value, question, answer);
      }
    }
  }
  return [...cells.values()];
}

export function answerValuesOf(population: Population): AnswerValue[] {
  return Object.entries(population.questions).flatMap(([question, answers]) =>
    answers.map((answer) => ({ question, answer })),
  );
}

/** Every table the API allows for the wave, as an analyst downloading them all would hold them. */
export function publishAll(population: Population): Map<string, FeedbackExport> {
  const counters = countersOf(population);
  const answerValues = answerValuesOf(population);
  return new Map(
    PUBLISHED_GROUPINGS.map((grouping) => [
      grouping,
      shapeFeedback({
        surveyId: 's',
        wave: '2026-S1',
        groupBy: grouping === 'none' ? [] : [grouping],
        k: population.k,
        counters,
        answerValues,
        domain: population.domain,
      }),
    ]),
  );
}

/** The indicators export of the period, as the service builds it from the IND# counters these surveys wrote. */
export function publishIndicators(surveys: readonly Population[]): IndicatorsExport {
  const first = surveys[0] as Population;
  const counters: IndicatorCounter[] = [];
  for (const county of first.domain.county) {
    // Every county coordinated enough victims to be named: only the survey counts are at stake here.
    counters.push({ county, indicator: 'victims_coordinated', type: null, count: 100 });
    const invited = surveys.flatMap((s) => s.people).filter((p) => p.strata.county === county);
    const count = (indicator: string, n: number) => {
      if (n > 0) counters.push({ county, indicator, type: null, count: n });
    };
    count('survey_invitations', invited.length);
    count('survey_responses', invited.filter((p) => p.responded).length);
  }
  return shapeIndicators({
    period: '2026-S1',
    k: first.k,
    groupBy: 'county',
    surveyId: null,
    counters,
    amounts: [],
    surveyCounters: null,
    periodSurveys: surveys.map((s) => ({
      counters: countersOf(s),
      answerValues: answerValuesOf(s),
      domain: s.domain,
    })),
  });
}

/** A set of people of one survey (or of all): a group of one table, and, for an answer cell, an answer. */
interface CellSpec {
  label: string;
  /** undefined: the people of every survey of the period. */
  survey?: number;
  inGroup: (strata: Strata) => boolean;
  /** Count everyone invited, not only respondents. */
  invitees?: boolean;
  /**
   * An indicator cell the feedback tables never publish either (a county's invitations): it must keep a count
   * of 1..k-1 (or a silent county's 0) anywhere from 0 to k-1; one of k or more, or a group nobody was
   * invited to, is not a person's answer, and the feedback tables alone may already determine it.
   */
  linked?: boolean;
  question?: string;
  answer?: string;
}

export interface AuditFinding {
  label: string;
  truth: number;
  lo: number;
  hi: number;
}

export interface AuditResult {
  suppressed: number;
  /** How many of them are the indicators export's survey counts. */
  indicatorCells: number;
  /** Bounds the integer program did not settle in time: the relaxation's stand for them. */
  relaxedOnly: number;
  disclosed: AuditFinding[];
}

const INTEGER_TIME_LIMIT_MS = 2_000;

/** One unknown: respondents of a type, or (answers undefined) invitees of a stratum who did not answer. */
type Type = { survey: number; strata: Strata; answers?: Record<string, string | null> };

export function audit(population: Population): AuditResult {
  return auditPeriod([population]);
}

export interface AttackerKnowledge {
  /** Also the indicators export of the period (default true). */
  indicators?: boolean;
  /** That a named group was invited at least k times (default true). */
  namedAtLeastK?: boolean;
  /** That counts are whole numbers: bounds by integer programming (default true). */
  integers?: boolean;
  /** What is published for a survey; default publishAll. Tests pass an older rule to see the attacker win. */
  publish?: (population: Population) => Map<string, FeedbackExport>;
}

export function auditPeriod(surveys: readonly Population[], options: AttackerKnowledge = {}): AuditResult {
  const first = surveys[0] as Population;
  const { k, domain } = first;
  const withIndicators = options.indicators ?? true;
  const namedAtLeastK = options.namedAtLeastK ?? true;
  const integers = options.integers ?? true;

  let strata: Strata[] = [{} as Strata];
  for (const dimension of FEEDBACK_DIMENSIONS) {
    strata = strata.flatMap((s) => domain[dimension].map((v) => ({ ...s, [dimension]: v })));
  }
  const types: Type[] = [];
  surveys.forEach((population, survey) => {
    const answerChoices = (q: string): Array<string | null> => [
      ...(population.questions[q] ?? []),
      ...(population.skips ? [null] : []),
    ];
    let answered: Array<Record<string, string | null>> = [{}];
    for (const q of Object.keys(population.questions)) {
      answered = answered.flatMap((a) => answerChoices(q).map((choice) => ({ ...a, [q]: choice })));
    }
    for (const s of strata) {
      types.push({ survey, strata: s });
      for (const answers of answered) types.push({ survey, strata: s, answers });
    }
  });
  const counts = (cell: CellSpec, t: { survey: number; strata: Strata; answers?: Type['answers'] }) =>
    (cell.survey === undefined || t.survey === cell.survey) &&
    cell.inGroup(t.strata) &&
    (t.answers !== undefined || cell.invitees === true) &&
    (cell.question === undefined || t.answers?.[cell.question] === cell.answer);
  const members = (cell: CellSpec) =>
    types
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => counts(cell, t))
      .map(({ i }) => i);

  const constraints: Record<string, { equal?: number; max?: number; min?: number }> = {};
  const coefficients: Array<Record<string, number>> = types.map(() => ({}));
  let n = 0;
  const constrain = (cell: CellSpec, bound: { equal?: number; max?: number; min?: number }) => {
    const name = `c${n++}`;
    constraints[name] = bound;
    for (const i of members(cell)) (coefficients[i] as Record<string, number>)[name] = 1;
  };

  const withheld: CellSpec[] = [];
  const everyone = () => true;
  surveys.forEach((population, survey) => {
    const questions = Object.keys(population.questions);
    const prefix = surveys.length > 1 ? `survey ${survey} ` : '';
    if (population.people.length === 0) {
      // A survey nobody was invited to in the period is no one: nothing of it is published or protected.
      constrain({ label: `${prefix}nobody`, survey, inGroup: everyone, invitees: true }, { equal: 0 });
      return;
    }
    const tables = (options.publish ?? publishAll)(population);
    const namesAny = [...tables].some(([grouping, table]) => grouping !== 'none' && table.groups.length > 0);
    for (const [grouping, table] of tables) {
      const seen = new Set<string>();
      const dimension = grouping === 'none' ? undefined : (grouping as FeedbackDimension);
      for (const group of table.groups) {
        const value = dimension ? group.stratum[dimension] : undefined;
        const inGroup = dimension ? (s: Strata) => s[dimension] === value : everyone;
        const name = `${prefix}${dimension ? `${dimension}=${value}` : 'national'}`;
        // A named group was invited at least k times.
        if (dimension && value) {
          seen.add(value);
          if (namedAtLeastK)
            constrain({ label: `${name} invited`, survey, inGroup, invitees: true }, { min: k });
        }
        const respondents: CellSpec = { label: `${name} respondents`, survey, inGroup };
        if (group.respondents === null) withheld.push(respondents);
        else constrain(respondents, { equal: group.respondents });
        for (const q of questions) {
          for (const a of population.questions[q] ?? []) {
            const cell: CellSpec = { label: `${name} ${q}=${a}`, survey, inGroup, question: q, answer: a };
            const shown = group.questions?.[q]?.[a];
            if (shown === undefined || shown === null) withheld.push(cell);
            else constrain(cell, { equal: shown });
          }
        }
      }
      if (dimension) {
        // A value that is not named had fewer than k invitations. Where no table names any group, the rule
        // says only that some table has no value of k (rule (b) of feedbackTables may have withdrawn the
        // names): this attacker knows more, every value that truly had fewer than k.
        const unnamed = domain[dimension].filter((v) => !seen.has(v));
        const invitedTo = (v: string) => population.people.filter((p) => p.strata[dimension] === v).length;
        for (const v of unnamed) {
          if (!namesAny && invitedTo(v) >= k) continue;
          const inGroup = (s: Strata) => s[dimension] === v;
          constrain(
            { label: `${prefix}${dimension}=${v} unnamed`, survey, inGroup, invitees: true },
            { max: k - 1 },
          );
        }
        // The residue of the unnamed groups holds someone only if someone there was invited.
        const invitedThere = population.people.some((p) => unnamed.includes(p.strata[dimension]));
        if (invitedThere) {
          const inGroup = (s: Strata) => unnamed.includes(s[dimension]);
          withheld.push({ label: `${prefix}${dimension} residue respondents`, survey, inGroup });
          for (const q of questions) {
            for (const a of population.questions[q] ?? []) {
              const label = `${prefix}${dimension} residue ${q}=${a}`;
              withheld.push({ label, survey, inGroup, question: q, answer: a });
            }
          }
        }
      }
      if (table.total.invited !== null)
        constrain(
          { label: `${prefix}invited`, survey, inGroup: everyone, invitees: true },
          { equal: table.total.invited },
        );
    }
  });

  // The indicators export of the period: survey counts of every survey together, per county and national.
  let indicatorCells = 0;
  if (withIndicators) {
    const indicators = publishIndicators(surveys);
    for (const group of [...indicators.groups, indicators.national]) {
      const county = group.stratum.county;
      const inGroup = county === undefined ? everyone : (s: Strata) => s.county === county;
      const name = `indicators ${county ?? 'national'}`;
      for (const [indicator, invitees] of [
        ['survey_invitations', true],
        ['survey_responses', false],
      ] as const) {
        const cell: CellSpec = { label: `${name} ${indicator}`, inGroup, invitees, linked: true };
        const shown = group.indicators[indicator];
        if (shown === null || shown === undefined) {
          withheld.push(cell);
          indicatorCells += 1;
        } else constrain(cell, { equal: shown });
      }
    }
  }

  const truthOf = (cell: CellSpec) =>
    surveys
      .flatMap((s, survey) =>
        s.people.map((p) => ({ survey, strata: p.strata, answers: p.responded ? p.answers : undefined })),
      )
      .filter((t) => counts(cell, t)).length;

  const disclosed: AuditFinding[] = [];
  const ints = Object.fromEntries(types.map((_, i) => [`x${i}`, true]));
  let relaxedOnly = 0;
  const unique = new Map(withheld.map((cell) => [cell.label, cell]));
  for (const cell of unique.values()) {
    const truth = truthOf(cell);
    if (cell.linked && (truth >= k || truthOf({ ...cell, invitees: true }) === 0)) continue;
    const objective = new Set(members(cell));
    const variables: Record<string, Record<string, number>> = {};
    types.forEach((_, i) => {
      variables[`x${i}`] = { ...(coefficients[i] as Record<string, number>), _obj: objective.has(i) ? 1 : 0 };
    });
    // The relaxation first: it says whether the bound is finite, and where its optimum is already whole it is
    // the integer program's too. Otherwise branch and bound, with a time limit: past it, the relaxed bound
    // stands (an attacker no stronger than before) and is counted, so a slow case shows in the summary.
    const solve = (opType: 'min' | 'max', ints?: Record<string, boolean>) =>
      solver.Solve({
        optimize: '_obj',
        opType,
        constraints,
        variables,
        ...(ints ? { ints, timeout: INTEGER_TIME_LIMIT_MS } : {}),
      }) as unknown as { feasible: boolean; bounded: boolean; result: number } & Record<string, unknown>;
    const bound = (opType: 'min' | 'max'): number => {
      const relaxed = solve(opType);
      if (!relaxed.feasible) throw new Error(`the published tables are infeasible for ${cell.label}`);
      if (relaxed.bounded === false) return Number.POSITIVE_INFINITY;
      const whole = Object.entries(relaxed).every(
        ([name, v]) => !/^x\d+$/.test(name) || Math.abs(Number(v) - Math.round(Number(v))) < 1e-6,
      );
      if (!integers || whole) return relaxed.result;
      const started = Date.now();
      const exact = solve(opType, ints);
      if (!exact.feasible || Date.now() - started >= INTEGER_TIME_LIMIT_MS) {
        relaxedOnly += 1;
        return relaxed.result;
      }
      return exact.result;
    };
    const lo = Math.ceil(bound('min') - 1e-6);
    const hi = Math.floor(bound('max') + 1e-6);
    const protectedEnough = truth < k ? lo <= 0 && hi >= k - 1 : hi - lo >= k - 1;
    if (!protectedEnough) disclosed.push({ label: cell.label, truth, lo, hi });
  }
  return { suppressed: unique.size, indicatorCells, relaxedOnly, disclosed };
}
