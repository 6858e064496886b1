import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_TITLE, apiDescription, apiTagDescriptions } from '../../contract/api-description';
import { publicEndpoints } from '../../contract/endpoints';
import { buildOpenApiDocument } from '../../contract/openapi';
import { webhookDeliveryDescription, webhookEventDescriptions } from '../../contract/webhooks';
import { notFound } from '../http/problem';
import { API_VERSION } from '../version';

/*
 * The API's own reference: the OpenAPI document and an interactive page over it. They describe the
 * API rather than being part of it, so they are not endpoints of the contract, and they need no token.
 */

export const OPENAPI_PATH = '/public/openapi.json';
export const DOCS_PATH = '/public/docs';
const DOCS_INIT_PATH = `${DOCS_PATH}/init.js`;
const DOCS_ASSETS_PREFIX = `${DOCS_PATH}/assets/`;

/** The reference page runs under this policy: no inline script, nothing from another origin. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

/**
 * The files of swagger-ui-dist the page uses, and nothing else: an asset is looked up by its exact
 * name in this table, so no part of the request ever becomes part of a file system path.
 */
const SWAGGER_UI_ASSETS = new Map<string, string>([
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['index.css', 'text/css; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]);

/** The OpenAPI document of the public API, generated from the contract. */
export function buildPublicOpenApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument(publicEndpoints, {
    title: API_TITLE,
    version: API_VERSION,
    description: apiDescription,
    tagDescriptions: apiTagDescriptions,
    webhooks: { description: webhookDeliveryDescription, events: webhookEventDescriptions },
  });
}

const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${API_TITLE} reference</title>
    <link rel="stylesheet" href="${DOCS_ASSETS_PREFIX}swagger-ui.css" />
    <link rel="stylesheet" href="${DOCS_ASSETS_PREFIX}index.css" />
    <link rel="icon" type="image/png" href="${DOCS_ASSETS_PREFIX}favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="${DOCS_ASSETS_PREFIX}favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <noscript>This reference needs JavaScript. The OpenAPI document itself is at <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="${DOCS_ASSETS_PREFIX}swagger-ui-bundle.js"></script>
    <script src="${DOCS_INIT_PATH}"></script>
  </body>
</html>
`;

const DOCS_INIT_JS = `'use strict';
window.ui = window.SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  validatorUrl: null,
  displayRequestDuration: true,
  showExtensions: true,
});
`;

interface StaticBody {
  body: string | Buffer;
  etag: string;
}

function staticBody(body: string | Buffer): StaticBody {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
}

/** Sends a fixed body with its ETag, or 304 when the client already has it. */
function sendStatic(
  request: FastifyRequest,
  reply: FastifyReply,
  { body, etag }: StaticBody,
  headers: Record<string, string>,
): FastifyReply {
  void reply.headers({ ...headers, etag, 'x-content-type-options': 'nosniff' });
  const known = request.headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (known?.includes(etag) || known?.includes('*')) return reply.code(304).send();
  return reply.code(200).send(body);
}

function swaggerUiDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** Registers the OpenAPI document, the reference page, its initialiser and its assets; none needs a token. */
export function registerReferenceRoutes(app: FastifyInstance): void {
  const document = staticBody(JSON.stringify(buildPublicOpenApiDocument()));
  const html = staticBody(DOCS_HTML);
  const init = staticBody(DOCS_INIT_JS);

  // Resolved now, so a missing swagger-ui-dist fails the start rather than the first visit.
  const assetsDirectory = swaggerUiDirectory();
  const swaggerUiVersion = (
    JSON.parse(readFileSync(join(assetsDirectory, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const assets = new Map<string, Promise<StaticBody>>();
  const loadAsset = (name: string): Promise<StaticBody> => {
    let loaded = assets.get(name);
    if (!loaded) {
      loaded = readFile(join(assetsDirectory, name)).then((body) => ({
        body,
        etag: `"swagger-ui-dist-${swaggerUiVersion}-${name}"`,
      }));
      // A failed read is not remembered: the next request tries again.
      void loaded.catch(() => assets.delete(name));
      assets.set(name, loaded);
    }
    return loaded;
  };

  app.get(OPENAPI_PATH, async (request, reply) =>
    sendStatic(request, reply, document, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    }),
  );

  app.get(DOCS_PATH, async (request, reply) =>
    sendStatic(request, reply, html, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
    }),
  );

  app.get(DOCS_INIT_PATH, async (request, reply) =>
    sendStatic(request, reply, init, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  );

  app.get<{ Params: { name: string } }>(`${DOCS_ASSETS_PREFIX}:name`, async (request, reply) => {
    const contentType = SWAGGER_UI_ASSETS.get(request.params.name);
    if (!contentType) throw notFound('No such asset of the reference page.');
    return sendStatic(request, reply, await loadAsset(request.params.name), {
      'content-type': contentType,
      'cache-control': 'public, max-age=3600',
    });
  });
}
