// Small schemas every context shares: ids, phones, dates, money, lists.
import * as z from 'zod';

export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be a ULID');
export const E164 = z.string().regex(/^\+[1-9]\d{7,14}$/, 'Must be an E.164 phone number, like +40722123456');
/** A calendar date that exists (2026-02-30 is refused). */
export const IsoDate = z.iso.date();
/** An instant with any offset; stored and answered in UTC. */
export const IsoDateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
export const Money = z.strictObject({
  amount: z.number().int().nonnegative().max(100_000_000_000),
  currency: z.literal('RON'),
});
export type Money = z.infer<typeof Money>;
export const Reason = z.string().trim().min(3).max(2000);
export const ListQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};
export const CaseParams = z.object({ caseId: Ulid });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
