// The message a Twilio status callback is about, sealed into an opaque token: Twilio keeps every callback
// URL with the phone number it texted, so a case id in the URL would tie that number to a case in
// Twilio's records. The token is AES-256-GCM under a key derived from the pepper: only we can open it, and
// a changed token fails its tag. It needs no lookup item, so a callback still costs one conditional write.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { getPepper } from './secrets.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface MessageRef {
  caseId: string;
  messageId: string;
}

async function tokenKey(): Promise<Buffer> {
  return createHmac('sha256', await getPepper())
    .update('alaturi:status-callback-token')
    .digest();
}

export async function sealMessageRef(ref: MessageRef): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await tokenKey(), iv);
  const sealed = Buffer.concat([cipher.update(`${ref.caseId}.${ref.messageId}`, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The message a token names, or undefined for anything we did not seal (forged, cut, another key). */
export async function openMessageRef(token: string): Promise<MessageRef | undefined> {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await tokenKey(), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const [caseId = '', messageId = ''] = plain.toString('utf8').split('.');
    return ULID.test(caseId) && ULID.test(messageId) ? { caseId, messageId } : undefined;
  } catch {
    return undefined;
  }
}
