// `npm run token -- --role coordinator --county DJ [--sub NAME] [--unit U]`: prints a JWT the local runtime accepts.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createIssuer } from './token-issuer.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    county: { type: 'string' },
    unit: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
});

if (!values.role || !['coordinator', 'prosecutor', 'analyst', 'admin'].includes(values.role)) {
  process.stderr.write(
    'usage: npm run token -- --role coordinator|prosecutor|analyst|admin [--county DJ] [--unit U] [--sub S]\n',
  );
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
