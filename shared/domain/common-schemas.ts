// Small schemas every context shares: ids, phones, dates, money, lists.
import * as z from 'zod/mini';
import './zod-setup.ts';

export const Ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be a ULID'));
export const E164 = z
  .string()
  .check(z.regex(/^\+[1-9]\d{7,14}$/, 'Must be an E.164 phone number, like +40722123456'));
/** A calendar date that exists (2026-02-30 is refused). */
export const IsoDate = z.iso.date();
/** An instant with any offset; stored and answered in UTC. */
export const IsoDateTime = z.pipe(
  z.iso.datetime({ offset: true }),
  z.transform((s: string) => new Date(s).toISOString()),
);
export const Money = z.strictObject({
  amount: z.number().check(z.int(), z.nonnegative(), z.lte(100_000_000_000)),
  currency: z.literal('RON'),
});
export type Money = z.infer<typeof Money>;
export const Reason = z.string().check(z.trim(), z.minLength(3), z.maxLength(2000));
export const ListQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
export const CaseParams = z.object({ caseId: Ulid });

export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}
