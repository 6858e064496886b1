import type { FastifyInstance, FastifyReply } from 'fastify';
import { getJwks, issueToken, type OAuthErrorCode, type TokenResponse } from '../../contract/auth';
import { scopes as knownScopes, type Scope } from '../../contract/scopes';
import type { TokenIssuer } from '../auth/access-token';
import { UNKNOWN_CLIENT_HASH, verifyClientSecret } from '../auth/client-secret';
import type { DatabaseHandle } from '../db/client';
import { auditLog } from '../db/schema';
import { findApiClient } from '../repositories/api-clients';
import { applyRateLimit, rateLimitProblem, type RateLimitCheck } from '../rate-limit/apply';
import {
  TOKEN_PER_ADDRESS_POLICY,
  TOKEN_PER_CLIENT_POLICY,
  tokenAddressKey,
  tokenClientKey,
} from '../rate-limit/keys';
import type { RateLimitStore } from '../rate-limit/limiter';

const FORM = 'application/x-www-form-urlencoded';
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  const status = error.code === 'invalid_client' ? 401 : 400;
  if (error.basicChallenge) void reply.header('www-authenticate', 'Basic realm="finvis", charset="UTF-8"');
  return reply
    .code(status)
    .headers(NO_STORE)
    .type('application/json')
    .send({ error: error.code, error_description: error.description });
}

/** RFC 6749 §3.2: every parameter at most once; an empty value counts as absent. */
function formParameters(body: unknown): Map<string, string> {
  if (!(body instanceof URLSearchParams))
    throw new OAuthError('invalid_request', `Send the request as ${FORM}.`);
  const result = new Map<string, string>();
  for (const [name, value] of body) {
    if (result.has(name))
      throw new OAuthError('invalid_request', `The parameter ${name} appears more than once.`);
    if (value !== '') result.set(name, value);
  }
  return result;
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header || !/^Basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'The Basic credentials are malformed.', true);
  try {
    const plus = (s: string) => decodeURIComponent(s.replaceAll('+', ' '));
    return { id: plus(decoded.slice(0, colon)), secret: plus(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'The Basic credentials are malformed.', true);
  }
}

function requestedScopes(raw: string | undefined, allowed: readonly string[]): Scope[] {
  if (raw === undefined) return allowed.filter((s): s is Scope => (knownScopes as string[]).includes(s));
  const asked = [...new Set(raw.split(' ').filter(Boolean))];
  const notAllowed = asked.filter((s) => !allowed.includes(s) || !(knownScopes as string[]).includes(s));
  if (asked.length === 0 || notAllowed.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `Not granted to this client: ${notAllowed.join(' ') || '(empty scope)'}.`,
    );
  }
  return asked as Scope[];
}

/** The token endpoint answers in RFC 6749's terms; its own plugin scope parses forms and any other body. */
export async function registerTokenRoutes(
  app: FastifyInstance,
  database: DatabaseHandle,
  tokens: TokenIssuer,
  rateLimits: RateLimitStore,
): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
    });
    // Anything else reaches the handler, which answers invalid_request as RFC 6749 wants.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) =>
      done(null, null),
    );
    registerTokenRoute(scope, database, tokens, rateLimits);
    done();
  });

  app.get(getJwks.path, { config: { endpoint: getJwks } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(tokens.jwks),
  );
}

/**
 * Token requests count per address from the first byte, and per client id once the client has
 * authenticated: counting unauthenticated attempts against a client id would let anyone who knows
 * the id lock its owner out. Guessing a 256-bit secret is bounded by the per-address limit.
 */
async function countTokenRequest(
  reply: FastifyReply,
  store: RateLimitStore,
  check: RateLimitCheck,
): Promise<void> {
  const outcome = await applyRateLimit(store, check);
  void reply.headers(outcome.headers);
  if (!outcome.decision.allowed) throw rateLimitProblem([outcome.decision], outcome.headers);
}

function registerTokenRoute(
  app: FastifyInstance,
  database: DatabaseHandle,
  tokens: TokenIssuer,
  rateLimits: RateLimitStore,
): void {
  app.route({
    method: 'POST',
    url: issueToken.path,
    config: { endpoint: issueToken },
    handler: async (request, reply) => {
      await countTokenRequest(reply, rateLimits, {
        key: tokenAddressKey(request.ip),
        ...TOKEN_PER_ADDRESS_POLICY,
      });
      try {
        const form = formParameters(request.body);
        const grantType = form.get('grant_type');
        if (!grantType) throw new OAuthError('invalid_request', 'grant_type is missing.');
        if (grantType !== 'client_credentials') {
          throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported.');
        }
        const basic = basicCredentials(request.headers.authorization);
        const bodyId = form.get('client_id');
        const bodySecret = form.get('client_secret');
        if (basic && (bodyId !== undefined || bodySecret !== undefined)) {
          throw new OAuthError(
            'invalid_request',
            'Authenticate by HTTP Basic or by client_id/client_secret in the body, not both.',
          );
        }
        const credentials =
          basic ??
          (bodyId !== undefined && bodySecret !== undefined ? { id: bodyId, secret: bodySecret } : null);
        if (!credentials) throw new OAuthError('invalid_client', 'Client authentication is missing.', false);

        const client = credentials.id.length <= 64 ? await findApiClient(database.db, credentials.id) : null;
        const secretMatches = await verifyClientSecret(
          credentials.secret,
          client?.secretHash ?? UNKNOWN_CLIENT_HASH,
        );
        if (!client || !secretMatches || client.status !== 'active') {
          throw new OAuthError('invalid_client', 'Client authentication failed.', basic !== null);
        }
        await countTokenRequest(reply, rateLimits, {
          key: tokenClientKey(client.id),
          ...TOKEN_PER_CLIENT_POLICY,
        });
        const granted = requestedScopes(form.get('scope'), client.scopes);
        const { token, expiresIn } = await tokens.issue({
          tenantId: client.tenantId,
          clientId: client.id,
          scopes: granted,
        });
        await database.db.insert(auditLog).values({
          tenantId: client.tenantId,
          clientId: client.id,
          action: 'token.issued',
          resourceType: 'api_client',
          resourceId: client.id,
          requestId: request.id,
          detail: { scope: granted.join(' '), expires_in: expiresIn },
        });
        const body: TokenResponse = {
          access_token: token,
          token_type: 'Bearer',
          expires_in: expiresIn,
          scope: granted.join(' '),
        };
        return reply.code(200).headers(NO_STORE).type('application/json').send(body);
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(reply, error);
        throw error;
      }
    },
  });
}
