// What the notification-target routes answer: a scope's addresses and their version.
import * as z from 'zod/mini';
import { Instant } from './common.ts';

export const NotificationTargetsResponse = z.object({
  scope: z.string(),
  emails: z.array(z.string()),
  version: z.number().check(z.int(), z.nonnegative()),
  updatedAt: z.optional(Instant),
});
