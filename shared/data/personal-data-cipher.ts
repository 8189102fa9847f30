// Envelope encryption of personal-data fields (names, phones, free text) before they reach DynamoDB.
// In AWS a data key comes from KMS (GenerateDataKey, cached per container); locally a 32-byte key from .data/.
// The case id is bound in as additional authenticated data, so a ciphertext cannot be moved to another case.
// In AWS the data key is also bound to a KMS encryption context (the case id and the item kind, derived from
// that same string), which the key policy requires for direct use and CloudTrail records with every call.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { getConfig } from '../config.ts';

const PREFIX = 'enc1';

interface DataKey {
  plaintext: Buffer;
  /** The KMS-encrypted form stored next to each ciphertext; 'local' for the local key. */
  wrapped: string;
}

export interface PersonalDataCipher {
  encrypt(plaintext: string, context: string): Promise<string>;
  decrypt(ciphertext: string, context: string): Promise<string>;
}

function seal(key: DataKey, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.wrapped, iv.toString('base64'), body.toString('base64')].join(':');
}

function open(keyBytes: Buffer, iv: string, body: string, context: string): string {
  const data = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

function parse(ciphertext: string): { wrapped: string; iv: string; body: string } {
  const [prefix, wrapped, iv, body] = ciphertext.split(':');
  if (prefix !== PREFIX || !wrapped || !iv || !body) throw new Error('not an encrypted field');
  return { wrapped, iv, body };
}

export function localCipher(keyBase64: string): PersonalDataCipher {
  const plaintext = Buffer.from(keyBase64, 'base64');
  if (plaintext.length !== 32) throw new Error('PERSONAL_DATA_KEY must be 32 bytes, base64');
  const key = { plaintext, wrapped: 'local' };
  return {
    encrypt: async (value, context) => seal(key, value, context),
    decrypt: async (value, context) => {
      const parts = parse(value);
      return open(plaintext, parts.iv, parts.body, context);
    },
  };
}

/** The encryption-context key the key policy requires on every direct use (infra/constructs/table-access.ts). */
export const ENCRYPTION_CONTEXT_KIND = 'kind';

/**
 * The KMS encryption context of a field, from its authenticated-data string: `case:<caseId>:<field>` gives
 * the case id and the item kind (hearing, voucher, or case for the case's and its protection's own fields);
 * an anonymous survey answer names its survey only, never a case. No personal data: CloudTrail logs it.
 */
export function kmsEncryptionContext(context: string): Record<string, string> {
  const onCase = /^case:([^:]+):(.+)$/.exec(context);
  if (onCase) {
    const rest = onCase[2] as string;
    const kind = rest.startsWith('hearing:') ? 'hearing' : rest.startsWith('voucher.') ? 'voucher' : 'case';
    return { caseId: onCase[1] as string, [ENCRYPTION_CONTEXT_KIND]: kind };
  }
  const response = /^response:([^:]+):/.exec(context);
  if (response) return { surveyId: response[1] as string, [ENCRYPTION_CONTEXT_KIND]: 'survey-response' };
  return { [ENCRYPTION_CONTEXT_KIND]: 'other' };
}

/** The two KMS calls the cipher makes; tests pass a stand-in to see the encryption context. */
export interface KmsDataKeys {
  generateDataKey(context: Record<string, string>): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }>;
  decrypt(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

function awsKms(keyId: string): KmsDataKeys {
  // Loaded lazily so the local runtime and tests never load the KMS client.
  const kms = import('@aws-sdk/client-kms').then((m) => ({ m, client: new m.KMSClient({}) }));
  return {
    async generateDataKey(context) {
      const { m, client } = await kms;
      const out = await client.send(
        new m.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async decrypt(wrapped, context) {
      const { m, client } = await kms;
      const out = await client.send(
        new m.DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: context }),
      );
      if (!out.Plaintext) throw new Error('KMS could not unwrap a data key');
      return out.Plaintext;
    },
  };
}

export function kmsCipher(keyId: string, kms: KmsDataKeys = awsKms(keyId)): PersonalDataCipher {
  // One data key per encryption context (so per case and kind) and container; unwrapped keys are cached by
  // their wrapped form, which KMS binds to that context.
  const current = new Map<string, Promise<DataKey>>();
  const unwrapped = new Map<string, Promise<Buffer>>();
  const dataKey = (context: Record<string, string>) => {
    const id = JSON.stringify(context);
    let key = current.get(id);
    if (!key) {
      key = kms.generateDataKey(context).then(({ plaintext, wrapped }) => {
        const encoded = Buffer.from(wrapped).toString('base64');
        const bytes = Buffer.from(plaintext);
        unwrapped.set(`${id}|${encoded}`, Promise.resolve(bytes));
        return { plaintext: bytes, wrapped: encoded };
      });
      current.set(id, key);
      key.catch(() => current.delete(id));
    }
    return key;
  };
  const unwrap = (wrapped: string, context: Record<string, string>) => {
    const id = `${JSON.stringify(context)}|${wrapped}`;
    let key = unwrapped.get(id);
    if (!key) {
      key = kms.decrypt(Buffer.from(wrapped, 'base64'), context).then((bytes) => Buffer.from(bytes));
      unwrapped.set(id, key);
      key.catch(() => unwrapped.delete(id));
    }
    return key;
  };
  return {
    encrypt: async (value, context) => seal(await dataKey(kmsEncryptionContext(context)), value, context),
    decrypt: async (value, context) => {
      const parts = parse(value);
      return open(await unwrap(parts.wrapped, kmsEncryptionContext(context)), parts.iv, parts.body, context);
    },
  };
}

let cipher: PersonalDataCipher | undefined;

export function getCipher(): PersonalDataCipher {
  if (!cipher) {
    const config = getConfig();
    if (config.KMS_KEY_ID) cipher = kmsCipher(config.KMS_KEY_ID);
    else if (config.PERSONAL_DATA_KEY) cipher = localCipher(config.PERSONAL_DATA_KEY);
    else throw new Error('Set KMS_KEY_ID (AWS) or PERSONAL_DATA_KEY (local) to store personal data');
  }
  return cipher;
}

/** Tests: use `next` (the KMS cipher over a stand-in that applies the stack's grants) until reset with none. */
export function useCipher(next: PersonalDataCipher | undefined): void {
  cipher = next;
}
