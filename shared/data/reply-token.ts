// The token of a private reply link (`/r/<token>`): 128 bits, base64url, derived from the invitation's outbox
// message id under a key derived from the pepper. Derived rather than drawn and kept, so it is written
// nowhere: not on the case, not in the outbox (the sender derives it again when it renders the SMS), and the
// InsightsTable keys the reply by its SHA-256 only. Without the pepper nobody can compute a token from a
// message id; with the table alone nobody can turn a key back into a link.
import { createHash, createHmac } from 'node:crypto';
import { findForbiddenWords } from '../sms/forbidden-words.ts';
import { getPepper } from './secrets.ts';

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

async function tokenKey(): Promise<Buffer> {
  return createHmac('sha256', await getPepper())
    .update('alaturi:reply-link-token')
    .digest();
}

/**
 * The token of one invitation. It travels in an SMS, which is checked against the forbidden words: the rare
 * token whose letters happen to spell one is derived again with the next counter, on both sides alike.
 */
export async function replyToken(messageId: string): Promise<string> {
  const key = await tokenKey();
  for (let counter = 0; ; counter += 1) {
    const token = createHmac('sha256', key)
      .update(`${messageId}#${counter}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    if (findForbiddenWords(token.replace(/[_-]/g, ' ')).length === 0) return token;
  }
}

/** How a token keys its reply item: the raw token is never stored. */
export function replyTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function looksLikeReplyToken(value: string): boolean {
  return TOKEN.test(value);
}

/** The link the invitation SMS carries. */
export function replyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${token}`;
}
