// Envelope encryption of personal-data fields (names, phones, free text) before they reach DynamoDB.
// In AWS a data key comes from KMS (GenerateDataKey, cached per container); locally a 32-byte key from .data/.
// The case id is bound in as additional authenticated data, so a ciphertext cannot be moved to another case.
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

export function kmsCipher(keyId: string): PersonalDataCipher {
  // Loaded lazily so the local runtime and tests never load the KMS client.
  const kms = import('@aws-sdk/client-kms').then((m) => ({ m, client: new m.KMSClient({}) }));
  let current: Promise<DataKey> | undefined;
  const unwrapped = new Map<string, Promise<Buffer>>();
  const dataKey = () => {
    current ??= kms.then(async ({ m, client }) => {
      const out = await client.send(new m.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      const wrapped = Buffer.from(out.CiphertextBlob).toString('base64');
      const plaintext = Buffer.from(out.Plaintext);
      unwrapped.set(wrapped, Promise.resolve(plaintext));
      return { plaintext, wrapped };
    });
    return current;
  };
  const unwrap = (wrapped: string) => {
    let key = unwrapped.get(wrapped);
    if (!key) {
      key = kms.then(async ({ m, client }) => {
        const out = await client.send(
          new m.DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64') }),
        );
        if (!out.Plaintext) throw new Error('KMS could not unwrap a data key');
        return Buffer.from(out.Plaintext);
      });
      unwrapped.set(wrapped, key);
    }
    return key;
  };
  return {
    encrypt: async (value, context) => seal(await dataKey(), value, context),
    decrypt: async (value, context) => {
      const parts = parse(value);
      return open(await unwrap(parts.wrapped), parts.iv, parts.body, context);
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

export function resetCipher(): void {
  cipher = undefined;
}
