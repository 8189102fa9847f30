// The analyst's pages (Indicators, Feedback): their sentences per language, merged into the console's catalogs.

export const analystEn = {
  indicators: 'Indicators',
  feedback: 'Feedback',
} as const;

export const analystRo: Record<keyof typeof analystEn, string> = {
  indicators: 'Indicatori',
  feedback: 'Feedback',
};
