// An attacker with every feedback table the API publishes for one survey wave: from all the published numbers
// together it proves, by linear programming over the whole cross-classification of the population (every
// combination of county, language, stage, age band and answers is a variable), the tightest bounds on each
// cell that was withheld. The protection interval it checks (README "Publishable tables"):
//   - a withheld cell whose true count is below k can be, as far as the attacker can prove, 0 and k-1;
//   - a withheld cell of k or more cannot be pinned to fewer than k consecutive values.
// Withheld cells include the unnamed residue of each table (the groups too small to name, taken together).
import lpSolver, { type SolverAPI } from 'javascript-lp-solver';
import {
  type AnswerValue,
  FEEDBACK_DIMENSIONS,
  type FeedbackDimension,
  type FeedbackExport,
  INVITED_QUESTION,
  type ParsedSurveyCounter,
  PUBLISHED_GROUPINGS,
  RESPONDENTS_QUESTION,
  shapeFeedback,
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

/** A set of people: a group of one table (or the nation, or a residue) and, for an answer cell, an answer. */
interface CellSpec {
  label: string;
  inGroup: (strata: Strata) => boolean;
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
  disclosed: AuditFinding[];
}

type Type = { strata: Strata; answers: Record<string, string | null> };

export function audit(population: Population): AuditResult {
  const { k } = population;
  const published = publishAll(population);
  const questions = Object.keys(population.questions);
  const answerChoices = (q: string): Array<string | null> => [
    ...(population.questions[q] ?? []),
    ...(population.skips ? [null] : []),
  ];

  // The attacker's unknowns: how many respondents of each possible type there are.
  let types: Type[] = [{ strata: {} as Strata, answers: {} }];
  for (const dimension of FEEDBACK_DIMENSIONS) {
    types = types.flatMap((t) =>
      population.domain[dimension].map((v) => ({ ...t, strata: { ...t.strata, [dimension]: v } })),
    );
  }
  for (const q of questions) {
    types = types.flatMap((t) => answerChoices(q).map((a) => ({ ...t, answers: { ...t.answers, [q]: a } })));
  }
  const members = (cell: CellSpec) =>
    types
      .map((t, i) => ({ t, i }))
      .filter(
        ({ t }) =>
          cell.inGroup(t.strata) && (cell.question === undefined || t.answers[cell.question] === cell.answer),
      )
      .map(({ i }) => i);

  const constraints: Record<string, { equal?: number; max?: number; min?: number }> = {};
  const coefficients: Array<Record<string, number>> = types.map(() => ({}));
  let n = 0;
  const constrain = (cell: CellSpec, bound: { equal?: number; max?: number }) => {
    const name = `c${n++}`;
    constraints[name] = bound;
    for (const i of members(cell)) (coefficients[i] as Record<string, number>)[name] = 1;
  };

  const withheld: CellSpec[] = [];
  const everyone = () => true;
  for (const [grouping, table] of published) {
    const seen = new Set<string>();
    for (const group of table.groups) {
      const dimension = grouping === 'none' ? undefined : (grouping as FeedbackDimension);
      const value = dimension ? group.stratum[dimension] : undefined;
      if (dimension && value) seen.add(value);
      const inGroup = dimension ? (s: Strata) => s[dimension] === value : everyone;
      const name = dimension ? `${dimension}=${value}` : 'national';
      const respondents: CellSpec = { label: `${name} respondents`, inGroup };
      if (group.respondents === null) withheld.push(respondents);
      else constrain(respondents, { equal: group.respondents });
      for (const q of questions) {
        for (const a of population.questions[q] ?? []) {
          const cell: CellSpec = { label: `${name} ${q}=${a}`, inGroup, question: q, answer: a };
          const shown = group.questions?.[q]?.[a];
          if (shown === undefined || shown === null) withheld.push(cell);
          else constrain(cell, { equal: shown });
        }
      }
    }
    if (grouping !== 'none') {
      const dimension = grouping as FeedbackDimension;
      // A value that is not named had fewer than k invitations, so fewer than k respondents.
      const unnamed = population.domain[dimension].filter((v) => !seen.has(v));
      for (const v of unnamed) {
        constrain({ label: `${dimension}=${v} unnamed`, inGroup: (s) => s[dimension] === v }, { max: k - 1 });
      }
      // The residue of the unnamed groups holds someone only if someone there was invited.
      const invitedThere = population.people.some((p) => unnamed.includes(p.strata[dimension]));
      if (invitedThere) {
        const inGroup = (s: Strata) => unnamed.includes(s[dimension]);
        withheld.push({ label: `${dimension} residue respondents`, inGroup });
        for (const q of questions) {
          for (const a of population.questions[q] ?? []) {
            withheld.push({ label: `${dimension} residue ${q}=${a}`, inGroup, question: q, answer: a });
          }
        }
      }
    }
    if (table.total.invited !== null)
      constrain({ label: 'invited', inGroup: everyone }, { max: table.total.invited });
  }

  const truthOf = (cell: CellSpec) =>
    population.people.filter(
      (p) =>
        p.responded &&
        cell.inGroup(p.strata) &&
        (cell.question === undefined || p.answers[cell.question] === cell.answer),
    ).length;

  const disclosed: AuditFinding[] = [];
  const unique = new Map(withheld.map((cell) => [cell.label, cell]));
  for (const cell of unique.values()) {
    const objective = new Set(members(cell));
    const variables: Record<string, Record<string, number>> = {};
    types.forEach((_, i) => {
      variables[`x${i}`] = { ...(coefficients[i] as Record<string, number>), _obj: objective.has(i) ? 1 : 0 };
    });
    const solve = (opType: 'min' | 'max') =>
      solver.Solve({ optimize: '_obj', opType, constraints, variables }) as {
        feasible: boolean;
        bounded: boolean;
        result: number;
      };
    const low = solve('min');
    const high = solve('max');
    if (!low.feasible || !high.feasible)
      throw new Error(`the published tables are infeasible for ${cell.label}`);
    const lo = Math.ceil(low.result - 1e-6);
    const hi = high.bounded === false ? Number.POSITIVE_INFINITY : Math.floor(high.result + 1e-6);
    const truth = truthOf(cell);
    const protectedEnough = truth < k ? lo <= 0 && hi >= k - 1 : hi - lo >= k - 1;
    if (!protectedEnough) disclosed.push({ label: cell.label, truth, lo, hi });
  }
  return { suppressed: unique.size, disclosed };
}
