// Runs in every integration/e2e worker: points the service at the test DynamoDB Local and refuses to run
// against anything else, so a connected test can never touch a real table.
import { inject } from 'vitest';
import { applyLocalEnvironment, loadLocalSecrets } from '../../infra/local/local-environment.ts';
import { createIssuer } from '../../infra/local/token-issuer.ts';

const endpoint = inject('dynamoEndpoint');
if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(endpoint ?? '')) {
  throw new Error(`integration tests need a local DynamoDB endpoint, got ${endpoint}`);
}
const issuer = await createIssuer(inject('jwtKeyFile'));
// Before the environment is applied: the configuration (and the logger's level with it) is read then.
process.env['LOG_LEVEL'] = process.env['LOG_LEVEL'] ?? 'WARN';
applyLocalEnvironment({
  stage: 'test',
  dynamoEndpoint: endpoint,
  secrets: loadLocalSecrets(inject('dataDir')),
  publicJwks: issuer.publicJwks,
  issuer: issuer.issuer,
  publicBaseUrl: 'https://api.alaturi.test',
});
