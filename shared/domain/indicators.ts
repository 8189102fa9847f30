// The programme indicators of the national action plan (DOMAIN.md), by the name their counters carry.
// Counters live in the InsightsTable as IND#<period> / <county>#<indicator>[#<type>] with a numeric `count`,
// moved in the same transaction as the write that causes them; the derived ones are computed at export.

/** Counted: each has a counter item per period and county (and type where one is named). */
export const COUNTED_INDICATORS = {
  victims_coordinated: '5.1.3',
  victims_participating_in_proceedings: '3.6.5',
  hearings_supported: '3.6.6',
  hearings_in_special_room: '3.6.6',
  hearings_remote: '3.6.6',
  protection_requests: '3.6.3',
  /** By measure type: the counter key carries the type. */
  protection_measures_confirmed: '3.6.3',
  protection_measures_rejected: '3.6.3',
  voucher_requests_filed: '3.6.2',
  voucher_requests_approved: '3.6.2',
  /** Sum of amounts in bani (minor units). */
  voucher_amount_granted_total: '3.6.2',
  foreign_victims_with_interpreter: '3.5.2',
  survey_invitations: '4.1.5',
  survey_responses: '4.1.5',
} as const;
export type CountedIndicator = keyof typeof COUNTED_INDICATORS;

/** Derived at export time from counters (VAMT# items for the median, AGG# survey counters for "safe"). */
export const DERIVED_INDICATORS = {
  voucher_amount_granted_median: '3.6.2',
  response_rate: '4.1.5',
  share_feeling_safe: '4.1.5',
} as const;

/** Indicators that count people: they are subject to disclosure control (amounts and rates derive from them). */
export const PERSON_COUNTS: readonly CountedIndicator[] = [
  'victims_coordinated',
  'victims_participating_in_proceedings',
  'foreign_victims_with_interpreter',
  'survey_invitations',
  'survey_responses',
];

/** The survey question whose 4-5 answers make "share feeling safe". */
export const SAFE_QUESTION_ID = 'safe';
