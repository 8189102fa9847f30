// Notification targets (issue 14 point 7): admins set which addresses a unit or a county is told at; the
// sender reads them when it sends, so a change applies to what is still pending.
import type { Principal } from '../auth/principal.ts';
import { findTargets, putTargets } from '../data/notification-target-repository.ts';
import * as clock from '../domain/clock.ts';
import { ForbiddenError, PreconditionFailedError } from '../domain/errors.ts';
import { type NotificationTargets, normalisedEmails } from '../domain/notification-targets.ts';
import type { NotifyScope } from '../domain/outbox-message.ts';

function assertAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new ForbiddenError('Only an admin sets who is notified.');
}

/** The scope's addresses; none yet reads as an empty list at version 0 (If-Match "0" creates it). */
export async function readNotificationTargets(
  principal: Principal,
  scope: NotifyScope,
): Promise<NotificationTargets> {
  assertAdmin(principal);
  return (await findTargets(scope)) ?? { scope, emails: [], version: 0 };
}

export async function replaceNotificationTargets(
  principal: Principal,
  scope: NotifyScope,
  emails: readonly string[],
  expectedVersion: number,
  now = clock.now(),
): Promise<NotificationTargets> {
  assertAdmin(principal);
  const next = {
    scope,
    emails: normalisedEmails(emails),
    version: expectedVersion + 1,
    updatedAt: now.toISOString(),
    updatedBy: principal.sub,
  };
  if (!(await putTargets(next, expectedVersion))) throw new PreconditionFailedError();
  return next;
}
