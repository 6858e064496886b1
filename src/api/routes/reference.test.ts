import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../test/support/api-server';
import { openTestDatabase, type TestDatabase } from '../../../test/support/databases';
import { publicEndpoints } from '../../contract/endpoints';
import { buildApiApp, type ApiServices } from '../app';
import { loadApiConfig } from '../config';
import { createApiServices } from '../server';
import { API_VERSION } from '../version';
import { DOCS_CONTENT_SECURITY_POLICY, OPENAPI_PATH, registerReferenceRoutes } from './reference';

const REPOSITORY = resolve(import.meta.dirname, '../../..');

let database: TestDatabase;
let services: ApiServices;
let app: FastifyInstance;
let base: string;

/**
 * The real API (its request guard, problem handlers and router options) with the reference routes,
 * over real HTTP. Until app.ts registers them itself, this file adds them before listening.
 */
beforeAll(async () => {
  database = await openTestDatabase('pglite');
  services = await createApiServices(loadApiConfig({ FINVIS_DB: 'memory' }), database.handle, silentLogger);
  app = await buildApiApp({ ...services, logger: silentLogger });
  if (!app.hasRoute({ method: 'GET', url: OPENAPI_PATH })) registerReferenceRoutes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the API is not listening on TCP');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  await services?.rateLimits.close();
  await database?.drop();
});

/** A GET with the path sent exactly as written: fetch would normalise dot segments away. */
function rawGet(path: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const url = new URL(base);
    const request = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolvePromise({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? '',
          body,
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** The `src` of every script and the `href` of every stylesheet and icon the page refers to. */
function referencedResources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('GET /public/openapi.json', () => {
  it('is the OpenAPI 3.1 document of every public endpoint, without a token', async () => {
    const response = await fetch(`${base}/public/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const document = (await response.json()) as {
      openapi: string;
      info: { title: string; version: string; description: string };
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Finvis Public API');
    expect(document.info.version).toBe(API_VERSION);
    for (const endpoint of publicEndpoints) {
      expect(document.paths[endpoint.path]?.[endpoint.method.toLowerCase()]?.operationId).toBe(
        endpoint.operationId,
      );
    }
  });

  it('tells integrators the conventions first, including how long idempotency keys are kept', async () => {
    const { info } = (await (await fetch(`${base}/public/openapi.json`)).json()) as {
      info: { description: string };
    };
    for (const text of [
      'POST /public/auth/token/',
      'HTTP Basic',
      '15 minutes',
      '`read:ledger`',
      '{"amount": "1250000.00", "currency": "SEK"}',
      '`acct_`',
      'next_cursor',
      'application/problem+json',
      'Idempotent-Replayed: true',
      'kept for at least 24 hours',
      'X-RateLimit-Remaining',
      'Retry-After',
      'X-Request-Id',
      'X-Finvis-Signature',
    ]) {
      expect(info.description).toContain(text);
    }
  });

  it('is built once: the same bytes and ETag every time, and 304 when the client has them', async () => {
    const first = await fetch(`${base}/public/openapi.json`);
    const second = await fetch(`${base}/public/openapi.json/`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(await second.text()).toBe(await first.text());
    const cached = await fetch(`${base}/public/openapi.json`, { headers: { 'if-none-match': etag ?? '' } });
    expect(cached.status).toBe(304);
  });
});

describe('GET /public/docs', () => {
  it.each(['/public/docs', '/public/docs/'])(
    '%s is an HTML page under a strict CSP, with no inline script',
    async (path) => {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY);
      expect(DOCS_CONTENT_SECURITY_POLICY).toBe(
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
      );
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes = '', content = ''] of scripts) {
        expect(attributes).toMatch(/\bsrc="\/public\/docs\//);
        expect(content.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son\w+=/i);
      expect(html).not.toMatch(/https?:\/\//);
    },
  );

  it('loads every script, stylesheet and icon it refers to from this server, with the right types', async () => {
    const html = await (await fetch(`${base}/public/docs`)).text();
    const resources = referencedResources(html);
    expect(resources).toEqual(
      expect.arrayContaining([
        '/public/docs/init.js',
        '/public/docs/assets/swagger-ui-bundle.js',
        '/public/docs/assets/swagger-ui.css',
      ]),
    );
    const expectedType = (path: string) =>
      path.endsWith('.js') ? /^text\/javascript/ : path.endsWith('.css') ? /^text\/css/ : /^image\/png$/;
    for (const path of resources) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(expectedType(path));
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect((await response.arrayBuffer()).byteLength, path).toBeGreaterThan(0);
    }
  });

  it('initialises Swagger UI from a script file that loads /public/openapi.json', async () => {
    const response = await fetch(`${base}/public/docs/init.js`);
    expect(response.status).toBe(200);
    const script = await response.text();
    expect(script).toContain('SwaggerUIBundle(');
    expect(script).toContain('"/public/openapi.json"');
    const bundle = await fetch(`${base}/public/docs/assets/swagger-ui-bundle.js`);
    expect(await bundle.text()).toContain('SwaggerUIBundle');
  });
});

describe('the assets of the reference page', () => {
  it.each([
    '/public/docs/assets/..%2f..%2fpackage.json',
    '/public/docs/assets/..%2fpackage.json',
    '/public/docs/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/public/docs/assets/..%5c..%5cpackage.json',
    '/public/docs/assets/../../../package.json',
    '/public/docs/assets/package.json',
    '/public/docs/assets/index.html',
    '/public/docs/assets/swagger-initializer.js',
    '/public/docs/assets/swagger-ui-bundle.js.map',
    '/public/docs/assets/swagger-ui.css%00.png',
    '/public/docs/assets/constructor',
    '/public/docs/assets/',
  ])('%s leaks no file: a 404 problem', async (path) => {
    const response = await rawGet(path);
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toContain('"dependencies"');
    expect(response.body).not.toContain('petstore');
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'https://finvis.se/problems/not-found',
      status: 404,
    });
  });
});

describe('the served document against the OpenAPI linter', () => {
  it('has no errors under redocly.yaml (the recommended rules)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'finvis-openapi-'));
    try {
      const file = join(directory, 'openapi.json');
      await writeFile(file, await (await fetch(`${base}/public/openapi.json`)).text());
      const { code, output } = await new Promise<{ code: number | null; output: string }>(
        (resolvePromise, reject) => {
          const child = spawn(
            join(REPOSITORY, 'node_modules/.bin/redocly'),
            ['lint', file, '--format=stylish', '--config', join(REPOSITORY, 'redocly.yaml')],
            { cwd: REPOSITORY, env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off' } },
          );
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
          child.on('error', reject);
          child.on('close', (exitCode) => resolvePromise({ code: exitCode, output: text }));
        },
      );
      expect(output).toContain('Your API description is valid');
      expect(output).not.toMatch(/\berror\b/);
      expect(code, output).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
