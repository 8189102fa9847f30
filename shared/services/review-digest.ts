// The daily review digest (issue 14 point 7): each unit with notification addresses is told, once a day, how
// many of its measures are due for review within seven days (the due-for-review list of protection code).
// One digest a unit a day: its key is the day, so a retried or repeated run writes nothing more.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { getDocumentClient } from '../data/client.ts';
import { PutCommand } from '../data/document-client.ts';
import { mailKeys } from '../data/keys.ts';
import { listTargetScopes } from '../data/notification-target-repository.ts';
import { mailMessagePut } from '../data/outbox-repository.ts';
import { listDueMeasures } from '../data/protection-repository.ts';
import * as clock from '../domain/clock.ts';
import { localDateOf, plusDays } from '../domain/local-date.ts';
import type { NotifyScope } from '../domain/outbox-message.ts';

/** Measures whose review falls within this many days of today (Bucharest) are in the digest. */
export const DIGEST_WINDOW_DAYS = 7;

export interface DigestOutcome {
  /** Units a digest was written for today by this run. */
  digests: number;
}

async function countDue(unit: string, before: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await listDueMeasures(unit, before, 100, cursor);
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

/** Writes today's digest for each unit with addresses and at least one measure due; none when nothing is due. */
export async function writeReviewDigests(now = clock.now()): Promise<DigestOutcome> {
  const today = localDateOf(now);
  // Due on or before today + 7 days: the list's bound is exclusive.
  const before = plusDays(today, DIGEST_WINDOW_DAYS + 1);
  let digests = 0;
  for (const scope of await listTargetScopes('unit:')) {
    const count = await countDue(scope.slice('unit:'.length), before);
    if (count === 0) continue;
    if (await putDigest(scope, today, count, now)) digests += 1;
  }
  return { digests };
}

async function putDigest(scope: NotifyScope, day: string, count: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const { Put } = mailMessagePut({
    id: mailKeys.digestId(day),
    mail: { kind: 'review_digest', scope, count },
    sendAt: at,
    createdAt: at,
  });
  try {
    await getDocumentClient().send(new PutCommand(Put as ConstructorParameters<typeof PutCommand>[0]));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
