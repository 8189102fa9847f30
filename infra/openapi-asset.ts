// Writes the OpenAPI document, generated from the route table at synth, into a file the coordination
// Lambda ships next to its bundle: the function then serves it without zod's JSON Schema converter.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApi } from '../shared/http/openapi.ts';
import { routes } from '../shared/http/routes.ts';

let written: string | undefined;

export function openApiDocumentFile(): string {
  if (!written) {
    written = join(mkdtempSync(join(tmpdir(), 'alaturi-openapi-')), 'openapi.json');
    writeFileSync(written, JSON.stringify(buildOpenApi(routes)));
  }
  return written;
}
