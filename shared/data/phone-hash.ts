// hmac(phone): the only form in which a phone number may key anything (sessions, opt-outs). A secret pepper
// makes the hash useless to anyone who reads the table without the secret.
import { createHmac } from 'node:crypto';
import { getPepper } from './secrets.ts';

/** Normalises `whatsapp:+40...` and spacing so that one person has one hash across channels. */
export function normalisePhone(phone: string): string {
  return phone.replace(/^whatsapp:/i, '').replace(/[\s()-]/g, '');
}

export async function phoneHash(phone: string): Promise<string> {
  return createHmac('sha256', await getPepper())
    .update(normalisePhone(phone))
    .digest('base64url');
}
