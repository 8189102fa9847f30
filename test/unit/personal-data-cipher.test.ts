import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type KmsDataKeys,
  kmsCipher,
  kmsEncryptionContext,
  localCipher,
} from '../../shared/data/personal-data-cipher.ts';

/** Stands in for KMS: a wrapped key opens only with the encryption context it was generated under. */
function aKms() {
  const keys = new Map<string, { plaintext: Buffer; context: string }>();
  const calls: { op: 'generate' | 'decrypt'; context: Record<string, string> }[] = [];
  const kms: KmsDataKeys = {
    async generateDataKey(context) {
      calls.push({ op: 'generate', context });
      const plaintext = randomBytes(32);
      const wrapped = randomBytes(16);
      keys.set(wrapped.toString('hex'), { plaintext, context: JSON.stringify(context) });
      return { plaintext, wrapped };
    },
    async decrypt(wrapped, context) {
      calls.push({ op: 'decrypt', context });
      const key = keys.get(Buffer.from(wrapped).toString('hex'));
      if (!key || key.context !== JSON.stringify(context)) throw new Error('InvalidCiphertextException');
      return key.plaintext;
    },
  };
  return { kms, calls };
}

describe('the KMS encryption context of a personal-data field', () => {
  it('names the case and the item kind, and never a value', () => {
    expect(kmsEncryptionContext('case:01J0CASE:victim.phone')).toEqual({ caseId: '01J0CASE', kind: 'case' });
    expect(kmsEncryptionContext('case:01J0CASE:hearing:01J0H:notes')).toEqual({
      caseId: '01J0CASE',
      kind: 'hearing',
    });
    expect(kmsEncryptionContext('case:01J0CASE:voucher.01J0V.reason')).toEqual({
      caseId: '01J0CASE',
      kind: 'voucher',
    });
  });

  it('gives an anonymous survey answer its survey, never a case', () => {
    expect(kmsEncryptionContext('response:s-1:2:01J0R:q3')).toEqual({
      surveyId: 's-1',
      kind: 'survey-response',
    });
  });
});

describe('kmsCipher', () => {
  it('asks KMS for a data key under the case and kind, and decrypts under the same context', async () => {
    const { kms, calls } = aKms();
    const cipher = kmsCipher('key-arn', kms);
    const sealed = await cipher.encrypt('+40722000111', 'case:C1:victim.phone');

    const fresh = kmsCipher('key-arn', kms); // another container: nothing cached
    expect(await fresh.decrypt(sealed, 'case:C1:victim.phone')).toBe('+40722000111');
    expect(calls).toEqual([
      { op: 'generate', context: { caseId: 'C1', kind: 'case' } },
      { op: 'decrypt', context: { caseId: 'C1', kind: 'case' } },
    ]);
  });

  it('uses one data key per case, so a wrapped key of one case cannot open another case’s field', async () => {
    const { kms, calls } = aKms();
    const cipher = kmsCipher('key-arn', kms);
    const one = await cipher.encrypt('Ana', 'case:C1:victim.fullName');
    await cipher.encrypt('Ion', 'case:C2:victim.fullName');
    expect(calls.filter((c) => c.op === 'generate')).toHaveLength(2);

    await expect(kmsCipher('key-arn', kms).decrypt(one, 'case:C2:victim.fullName')).rejects.toThrow(
      'InvalidCiphertextException',
    );
  });
});

describe('localCipher', () => {
  it('still round-trips with the case bound as authenticated data, and refuses another case', async () => {
    const cipher = localCipher(randomBytes(32).toString('base64'));
    const sealed = await cipher.encrypt('+40722000111', 'case:C1:victim.phone');
    expect(await cipher.decrypt(sealed, 'case:C1:victim.phone')).toBe('+40722000111');
    await expect(cipher.decrypt(sealed, 'case:C2:victim.phone')).rejects.toThrow();
  });
});
