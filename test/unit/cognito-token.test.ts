import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cognitoTimestamp,
  padHex,
  passwordKey,
  passwordSignature,
  srpClient,
} from '../../infra/cognito-token.ts';

// The server's side of SRP-6a as Cognito computes it (RFC 5054 with SHA-256 and Cognito's padding), written
// out again here so the client's key is checked against the other end of the exchange, not against itself.
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const pow = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  let x = b % N;
  for (let y = e; y > 0n; y >>= 1n) {
    if (y & 1n) r = (r * x) % N;
    x = (x * x) % N;
  }
  return r;
};
const H = (hex: string) => BigInt(`0x${createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')}`);

function cognitoServer(poolName: string, userId: string, password: string, salt: string, A: bigint) {
  const k = H(padHex(N) + padHex(2n));
  const inner = createHash('sha256').update(`${poolName}${userId}:${password}`).digest('hex');
  const x = H(padHex(BigInt(`0x${salt}`)) + inner);
  const v = pow(2n, x);
  const b = 0x1234567890abcdef1234567890abcdefn;
  const B = (k * v + pow(2n, b)) % N;
  const u = H(padHex(A) + padHex(B));
  const S = pow((A * pow(v, u)) % N, b);
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(padHex(S), 'hex'),
      Buffer.from(padHex(u), 'hex'),
      'Caldera Derived Key',
      16,
    ),
  );
  return { B, key };
}

describe('signing in to Cognito with SRP (npm run cognito-token)', () => {
  const poolName = 'AbCdEfGhI';
  const userId = '2f1e3c4d-aaaa-bbbb-cccc-1234567890ab';
  const salt = '9a3b5c7d1e2f';

  it('derives the same key as the server from the right password', () => {
    const { a, A } = srpClient();
    const server = cognitoServer(poolName, userId, 'Correct horse 1!', salt, A);
    const key = passwordKey({ a, A, B: server.B, salt, poolName, userId, password: 'Correct horse 1!' });
    expect(key.toString('hex')).toBe(server.key.toString('hex'));
  });

  it('derives another key from a wrong password, so its signature is refused', () => {
    const { a, A } = srpClient();
    const server = cognitoServer(poolName, userId, 'Correct horse 1!', salt, A);
    const key = passwordKey({ a, A, B: server.B, salt, poolName, userId, password: 'Wrong horse 1!' });
    const claim = { poolName, userId, secretBlock: Buffer.from('block').toString('base64'), timestamp: 'x' };
    const expected = createHmac('sha256', server.key)
      .update(Buffer.concat([Buffer.from(poolName + userId), Buffer.from('block'), Buffer.from('x')]))
      .digest('base64');
    expect(passwordSignature(server.key, claim)).toBe(expected);
    expect(passwordSignature(key, claim)).not.toBe(expected);
  });

  it('pads hex as Cognito does: even length, 00 before a set top bit', () => {
    expect(padHex(0xfn)).toBe('0f');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
  });

  it('writes the timestamp with an unpadded day, in UTC', () => {
    expect(cognitoTimestamp(new Date('2026-12-01T05:04:09Z'))).toBe('Tue Dec 1 05:04:09 UTC 2026');
    expect(cognitoTimestamp(new Date('2027-03-28T23:59:59Z'))).toBe('Sun Mar 28 23:59:59 UTC 2027');
  });
});
