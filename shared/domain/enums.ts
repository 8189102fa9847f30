// The legal enumerations of DOMAIN.md, as const tuples that zod schemas use directly.

export const COUNTIES = [
  'AB',
  'AR',
  'AG',
  'BC',
  'BH',
  'BN',
  'BT',
  'BV',
  'BR',
  'BZ',
  'CS',
  'CL',
  'CJ',
  'CT',
  'CV',
  'DB',
  'DJ',
  'GL',
  'GR',
  'GJ',
  'HR',
  'HD',
  'IL',
  'IS',
  'IF',
  'MM',
  'MH',
  'MS',
  'NT',
  'OT',
  'PH',
  'SM',
  'SJ',
  'SB',
  'SV',
  'TR',
  'TM',
  'TL',
  'VS',
  'VL',
  'VN',
  'B',
] as const;
export type County = (typeof COUNTIES)[number];

/** Languages an SMS can be written in (strategy objective 3.5: foreign victims are a growing group). */
export const LANGUAGES = ['ro', 'en', 'uk', 'ru', 'hu', 'fr', 'es', 'it', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PROCEEDINGS_STAGES = [
  'investigation',
  'preliminary_chamber',
  'trial',
  'appeal',
  'closed',
] as const;
export type ProceedingsStage = (typeof PROCEEDINGS_STAGES)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Survey strata: coarse on purpose, never the birth year. */
export const AGE_BANDS = ['18-25', '26-35', '36+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const RISK_AREAS = ['personal_characteristics', 'crime_type', 'crime_circumstances'] as const;

export const RISK_FACTORS = [
  'threats_from_offender',
  'offender_at_large',
  'contact_with_traffickers',
  'dependence_on_offender',
  'family_ties_to_offender',
  'minor',
  'disability',
  'foreign_national',
  'severe_trauma',
  'sexual_exploitation',
  'prior_victimisation',
  'no_safe_housing',
  'pregnancy',
  'other',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PROTECTION_STAGES = ['prosecution', 'trial'] as const;
export type ProtectionStage = (typeof PROTECTION_STAGES)[number];

/** Measure types with their legal anchor (CPP = Code of Criminal Procedure). */
export const MEASURE_ANCHORS = {
  home_guard_or_temp_housing: 'CPP 126(1)(a), 127(a)',
  escort_travel: 'CPP 126(1)(b), 127(b)',
  pseudonym_identity: 'CPP 126(1)(c), 127(e)',
  remote_av_distorted: 'CPP 126(1)(d), 127(d)',
  closed_session_testimony: 'CPP 127(c), trial only',
  special_hearing_room: 'CPP 111(6)(a); Directive 2012/29 art. 23(2)(a)',
  psychologist_present: 'CPP 111(6)(b)',
  same_interviewer: 'Directive 2012/29 art. 23(2)(c)',
  same_sex_interviewer: 'Directive 2012/29 art. 23(2)(d)',
  no_visual_contact: 'Directive 2012/29 art. 23(3)(a)',
  av_recorded_hearing: 'CPP 111(4); Directive 2012/29 art. 24',
  no_repeat_hearing: 'CPP 113(4)',
  release_escape_notification: 'CPP 111(5)',
  witness_protection_program: 'Law 682/2002',
} as const;
export const MEASURE_TYPES = Object.keys(MEASURE_ANCHORS) as [
  keyof typeof MEASURE_ANCHORS,
  ...(keyof typeof MEASURE_ANCHORS)[],
];
export type MeasureType = keyof typeof MEASURE_ANCHORS;

export const WITNESS_STATUSES = ['threatened', 'vulnerable', 'presumed_vulnerable'] as const;

export const HEARING_KINDS = [
  'prosecutor_hearing',
  'court_hearing',
  'confrontation',
  'forensic_exam',
  'other',
] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];

export const HEARING_ROOMS = ['standard', 'special_hearing_room', 'remote_video'] as const;
export type HearingRoom = (typeof HEARING_ROOMS)[number];

export const ACCOMMODATIONS = [
  'trusted_person_present',
  'psychologist',
  'interpreter',
  'intercultural_mediator',
  'legal_representative_present',
  'same_sex_interviewer',
  'no_visual_contact',
  'separate_waiting_area',
  'child_friendly_room',
  'transport',
] as const;
export type Accommodation = (typeof ACCOMMODATIONS)[number];

export const VOUCHER_KINDS = ['compensation', 'advance_cash', 'advance_voucher'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];

export const VOUCHER_USES = [
  'food',
  'accommodation',
  'transport',
  'medicine_and_sanitary',
  'hygiene_and_personal',
  'clothing',
] as const;

export const VOUCHER_DOCUMENTS = [
  'criminal_complaint',
  'identity_document',
  'proof_of_damage',
  'medical_documents',
  'court_decision',
  'prosecutor_ordinance',
  'other',
] as const;

export const DAMAGE_HEADS = [
  'medical',
  'property',
  'lost_earnings',
  'funeral',
  'lost_maintenance',
  'moral',
] as const;

export const VOUCHER_STATUSES = ['filed', 'approved', 'rejected', 'issued', 'redeemed', 'expired'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export const ROLES = ['coordinator', 'prosecutor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
