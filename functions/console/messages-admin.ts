// The admin's pages (Surveys, Places, Audit, Erasure): their sentences per language, merged into the console's
// catalogs.

export const adminEn = {
  surveys: 'Surveys',
  places: 'Places',
  audit: 'Audit',
  erasure: 'Erasure',
} as const;

export const adminRo: Record<keyof typeof adminEn, string> = {
  surveys: 'Chestionare',
  places: 'Locuri',
  audit: 'Audit',
  erasure: 'Ștergere',
};
