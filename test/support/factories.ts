// Small factories for test data: `aCase({ county: 'GJ' })` instead of copied JSON.
import type { CreateCaseBody } from '../../shared/domain/case.ts';

let counter = 0;

/** A phone number no test shares with another, so scans for it are meaningful. */
export function aPhone(): string {
  counter += 1;
  return `+4072${String(Date.now() % 100000).padStart(5, '0')}${String(counter % 100).padStart(2, '0')}`;
}

export function aCase(
  overrides: Partial<Omit<CreateCaseBody, 'victim'>> & { victim?: Partial<CreateCaseBody['victim']> } = {},
): CreateCaseBody {
  const { victim, ...rest } = overrides;
  return {
    criminalCaseNumber: '1234/D/P/2025',
    county: 'DJ',
    prosecutorUnit: 'DIICOT-CRAIOVA',
    consents: { smsReminders: true, feedbackSurveys: true },
    participatesInProceedings: true,
    proceedingsStage: 'investigation',
    ...rest,
    victim: {
      pseudonym: 'V-17',
      fullName: 'Ana Popescu',
      phone: aPhone(),
      language: 'ro',
      birthYear: 1998,
      nationality: 'RO',
      ...victim,
    },
  };
}

export const coordinatorDJ = { role: 'coordinator', county: 'DJ', sub: 'coord-dj' } as const;
export const coordinatorGJ = { role: 'coordinator', county: 'GJ', sub: 'coord-gj' } as const;
export const prosecutorCraiova = { role: 'prosecutor', unit: 'DIICOT-CRAIOVA', sub: 'pros-craiova' } as const;
export const prosecutorOther = { role: 'prosecutor', unit: 'DIICOT-TARGU-JIU', sub: 'pros-tj' } as const;
export const analyst = { role: 'analyst', sub: 'analyst-1' } as const;
export const admin = { role: 'admin', sub: 'admin-1' } as const;
