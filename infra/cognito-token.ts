// `npm run cognito-token -- --pool <UserPoolId> --client <UserPoolClientId> --user <e-mail>`: signs a staff user in
// to the deployed user pool and prints the ID token the API reads. The app client allows SRP only (the password
// never leaves this machine) and every user has TOTP, so the AWS CLI cannot do it; this speaks Cognito's public
// InitiateAuth / RespondToAuthChallenge JSON API with fetch, no SDK, and walks a first sign-in too (new password,
// authenticator setup). The SRP arithmetic follows Cognito's client (amazon-cognito-identity-js).
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npm run -s cognito-token -- --pool <UserPoolId> --client <UserPoolClientId> --user <e-mail> [--region R]\n' +
  '  signs in to the deployed user pool (SRP, then the TOTP code) and prints the ID token for the API;\n' +
  '  asks for the password and the code on the terminal. The stack outputs name the pool and the client.\n';

// RFC 3526's 3072-bit MODP group, the one Cognito's SRP uses, and its generator 2.
const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/** Cognito's hex of a number: even length, and a leading 00 when the top bit is set (a positive number). */
export function padHex(value: bigint): string {
  const hex = value.toString(16);
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return '89abcdef'.includes(even[0] as string) ? `00${even}` : even;
}

function hashHex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').padStart(64, '0');
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const k = BigInt(`0x${hashHex(padHex(N) + padHex(g))}`);

/** The client's half of SRP: a random `a` and A = g^a mod N. */
export function srpClient(a = BigInt(`0x${randomBytes(128).toString('hex')}`) % N) {
  return { a, A: modPow(g, a, N) };
}

/** The 16-byte key both sides derive (Cognito's "Caldera Derived Key"), from the server's B and the salt. */
export function passwordKey(input: {
  a: bigint;
  A: bigint;
  B: bigint;
  salt: string;
  poolName: string;
  userId: string;
  password: string;
}): Buffer {
  const u = BigInt(`0x${hashHex(padHex(input.A) + padHex(input.B))}`);
  if (u === 0n || input.B % N === 0n) throw new Error('Cognito sent an unusable SRP challenge');
  const identity = createHash('sha256')
    .update(`${input.poolName}${input.userId}:${input.password}`)
    .digest('hex')
    .padStart(64, '0');
  const x = BigInt(`0x${hashHex(padHex(BigInt(`0x${input.salt}`)) + identity)}`);
  const S = modPow(input.B - k * modPow(g, x, N), input.a + u * x, N);
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(padHex(S), 'hex'),
      Buffer.from(padHex(u), 'hex'),
      'Caldera Derived Key',
      16,
    ),
  );
}

/** Cognito's timestamp: "Tue Dec 1 05:34:25 UTC 2026" (the day not padded), in UTC. */
export function cognitoTimestamp(at: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][at.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    at.getUTCMonth()
  ];
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
  return `${day} ${month} ${at.getUTCDate()} ${time} UTC ${at.getUTCFullYear()}`;
}

/** The proof of the password: HMAC of pool name, user id, secret block and timestamp with the derived key. */
export function passwordSignature(
  key: Buffer,
  input: { poolName: string; userId: string; secretBlock: string; timestamp: string },
): string {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(input.poolName + input.userId),
        Buffer.from(input.secretBlock, 'base64'),
        Buffer.from(input.timestamp),
      ]),
    )
    .digest('base64');
}

interface CognitoAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  SecretCode?: string;
  AuthenticationResult?: { IdToken: string };
}

async function main() {
  const parsed = (() => {
    try {
      return parseArgs({
        options: {
          pool: { type: 'string' },
          client: { type: 'string' },
          user: { type: 'string' },
          region: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      process.exit(2);
    }
  })();
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { pool, client: clientId, user } = parsed;
  if (!pool || !clientId || !user || !/^[a-z]{2}(-[a-z]+)+-\d_\w+$/.test(pool)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const [poolRegion, poolName] = pool.split('_') as [string, string];
  const region = parsed.region ?? poolRegion;
  const call = async (action: string, body: object): Promise<CognitoAnswer> => {
    const res = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as CognitoAnswer & { __type?: string; message?: string };
    if (!res.ok) throw new Error(`${action}: ${answer.__type ?? res.status}: ${answer.message ?? ''}`);
    return answer;
  };
  // Prompts go to stderr, so `TOKEN=$(npm run -s cognito-token -- ...)` keeps only the token.
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = (question: string) => terminal.question(question);
  /** A question whose answer the terminal does not echo (a password). */
  const askHidden = async (question: string) => {
    const tty = process.stdin.isTTY;
    if (tty) execFileSync('stty', ['-echo'], { stdio: 'inherit' });
    try {
      return await ask(question);
    } finally {
      if (tty) execFileSync('stty', ['echo'], { stdio: 'inherit' });
      process.stderr.write('\n');
    }
  };

  const password = await askHidden('Password: ');
  const { a, A } = srpClient();
  let answer = await call('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user, SRP_A: A.toString(16) },
  });
  while (!answer.AuthenticationResult) {
    const params = answer.ChallengeParameters ?? {};
    const respond = (name: string, responses: Record<string, string>) =>
      call('RespondToAuthChallenge', {
        ChallengeName: name,
        ClientId: clientId,
        Session: answer.Session,
        ChallengeResponses: {
          USERNAME: params['USER_ID_FOR_SRP'] ?? params['USERNAME'] ?? user,
          ...responses,
        },
      });
    switch (answer.ChallengeName) {
      case 'PASSWORD_VERIFIER': {
        const userId = params['USER_ID_FOR_SRP'] as string;
        const key = passwordKey({
          a,
          A,
          B: BigInt(`0x${params['SRP_B']}`),
          salt: params['SALT'] as string,
          poolName,
          userId,
          password,
        });
        // Real time, not the service clock: Cognito compares it with its own.
        const timestamp = cognitoTimestamp(new Date());
        const secretBlock = params['SECRET_BLOCK'] as string;
        answer = await respond('PASSWORD_VERIFIER', {
          PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
          TIMESTAMP: timestamp,
          PASSWORD_CLAIM_SIGNATURE: passwordSignature(key, { poolName, userId, secretBlock, timestamp }),
        });
        break;
      }
      case 'NEW_PASSWORD_REQUIRED':
        answer = await respond('NEW_PASSWORD_REQUIRED', {
          NEW_PASSWORD: await askHidden(
            'First sign-in: a new password (14 characters or more, with a symbol): ',
          ),
        });
        break;
      case 'MFA_SETUP': {
        const { SecretCode, Session } = await call('AssociateSoftwareToken', { Session: answer.Session });
        process.stderr.write(
          `Add this key to your authenticator app: ${SecretCode}\n` +
            `(or the link otpauth://totp/Alaturi:${encodeURIComponent(user)}?secret=${SecretCode}&issuer=Alaturi)\n`,
        );
        const verified = await call('VerifySoftwareToken', {
          Session,
          UserCode: await ask('The 6-digit code it shows: '),
        });
        answer = { ...answer, Session: verified.Session };
        answer = await respond('MFA_SETUP', {});
        break;
      }
      case 'SOFTWARE_TOKEN_MFA':
        answer = await respond('SOFTWARE_TOKEN_MFA', {
          SOFTWARE_TOKEN_MFA_CODE: await ask('The 6-digit code of your authenticator app: '),
        });
        break;
      default:
        throw new Error(`Cognito asked for ${answer.ChallengeName}, which this tool does not answer`);
    }
  }
  terminal.close();
  process.stdout.write(`${answer.AuthenticationResult.IdToken}\n`);
}

// Run as a script (npm run cognito-token), not when a test imports the SRP functions.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not sign in: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
