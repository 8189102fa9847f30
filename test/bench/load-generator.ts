// The benchmark's load generator, a process of its own: keeps `concurrency` requests in flight against the
// local server on 127.0.0.1 for `seconds` (and at most `maxRequests`), then prints one JSON line of figures.
// Usage: tsx test/bench/load-generator.ts '<json settings>' (see LoadSettings).
import { Agent, request as httpRequest } from 'node:http';
import { signTwilioRequest } from '../../shared/http/twilio-signature.ts';
import { quantile } from './seed.ts';

export interface LoadSettings {
  port: number;
  kind: 'get-case' | 'inbound-sms';
  concurrency: number;
  seconds: number;
  maxRequests: number;
  /** get-case: the case and a token that may read it. */
  caseId?: string;
  token?: string;
  /** inbound-sms: the URL Twilio signs (PUBLIC_BASE_URL of the server + /sms/inbound). */
  signedUrl?: string;
}

export interface LoadFigures {
  kind: LoadSettings['kind'];
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings;
const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });

function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((done, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: settings.port, method, path, headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

let sid = 0;
const prefix = process.pid.toString(16).padStart(8, '0') + Date.now().toString(16).padStart(12, '0');

async function one(): Promise<boolean> {
  if (settings.kind === 'get-case') {
    const status = await send('GET', `/cases/${settings.caseId}`, {
      authorization: `Bearer ${settings.token}`,
    });
    return status === 200;
  }
  sid += 1;
  // A fresh MessageSid each time: a repeated one is answered from the idempotency record, a cheaper path.
  const params = {
    MessageSid: `SM${prefix}${sid.toString(16).padStart(12, '0')}`,
    From: `+4072${String(sid % 100000).padStart(7, '0')}`,
    Body: 'Salut',
  };
  const body = new URLSearchParams(params).toString();
  const signature = await signTwilioRequest(settings.signedUrl as string, params);
  const status = await send(
    'POST',
    '/sms/inbound',
    {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-twilio-signature': signature,
    },
    body,
  );
  return status === 200;
}

const latencies: number[] = [];
let errors = 0;
let started = 0;
const start = performance.now();
const deadline = start + settings.seconds * 1000;

await Promise.all(
  Array.from({ length: settings.concurrency }, async () => {
    while (performance.now() < deadline && started < settings.maxRequests) {
      started += 1;
      const t = performance.now();
      try {
        if (!(await one())) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t);
    }
  }),
);
const elapsed = (performance.now() - start) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const figures: LoadFigures = {
  kind: settings.kind,
  concurrency: settings.concurrency,
  seconds: elapsed,
  requests: latencies.length,
  errors,
  requestsPerSecond: latencies.length / elapsed,
  p50Ms: quantile(latencies, 0.5),
  p99Ms: quantile(latencies, 0.99),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
