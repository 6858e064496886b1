import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildPublicOpenApiDocument } from '../src/api/routes/reference';

/**
 * Writes the public API's OpenAPI document to a file, for linting and for publishing:
 * `npx tsx scripts/openapi.ts [out.json]` (default `dist-openapi/openapi.json`).
 */
const DEFAULT_OUT = 'dist-openapi/openapi.json';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? DEFAULT_OUT);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(buildPublicOpenApiDocument(), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await main();
