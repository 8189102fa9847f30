// `npm run token -- --role coordinator --county DJ [--sub NAME] [--unit U]`: prints a JWT the local runtime accepts.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createIssuer } from './token-issuer.ts';

const USAGE =
  'usage: npm run token -- --role coordinator|prosecutor|analyst|admin [--county DJ] [--unit U] [--sub S] [--ttl SECONDS]\n' +
  '  prints a JWT the local runtime (npm start) accepts; a coordinator needs --county, a prosecutor --unit\n';

function parsed() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string' },
        county: { type: 'string' },
        unit: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const values = parsed();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values.role || !['coordinator', 'prosecutor', 'analyst', 'admin'].includes(values.role)) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const dataDir = resolve(process.env['DATA_DIR'] ?? resolve(import.meta.dirname, '../../.data'));
const issuer = await createIssuer(join(dataDir, 'jwt-key.json'));
process.stdout.write(
  `${await issuer.sign(
    { role: values.role, county: values.county, unit: values.unit, sub: values.sub },
    values.ttl ? Number(values.ttl) : undefined,
  )}\n`,
);
