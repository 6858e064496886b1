import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { scopes } from './scopes';

export const tokenRequest = z
  .object({
    grant_type: z.literal('client_credentials'),
    scope: z
      .string()
      .optional()
      .meta({
        description: `Space-separated subset of the client's scopes; absent means all of them. Known: ${scopes.join(', ')}.`,
      }),
    client_id: z
      .string()
      .optional()
      .meta({ description: 'With client_secret, instead of HTTP Basic (not both).' }),
    client_secret: z.string().optional(),
  })
  .meta({ id: 'TokenRequest', description: 'RFC 6749 §4.4 client credentials grant, form-encoded.' });

export const tokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ description: 'Lifetime in seconds.' }),
    scope: z.string().meta({ description: 'The scopes granted, space-separated.' }),
  })
  .meta({ id: 'TokenResponse' });

export const oauthErrorCodes = [
  'invalid_request',
  'invalid_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const;

export const oauthError = z
  .object({
    error: z.enum(oauthErrorCodes),
    error_description: z.string().optional(),
  })
  .meta({ id: 'OAuthError', description: 'RFC 6749 §5.2 error response.' });

export const jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JsonWebKeySet', description: 'The public keys that sign access tokens (RFC 7517).' });

export type TokenResponse = z.infer<typeof tokenResponse>;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

export const issueToken = defineEndpoint({
  operationId: 'issueToken',
  method: 'POST',
  path: '/public/auth/token',
  summary: 'Obtain an access token (OAuth 2.0 client credentials)',
  description:
    'Client authentication by HTTP Basic or by `client_id`/`client_secret` in the body, not both. ' +
    "Tokens are signed JWTs scoped to the client's tenant; no refresh token is issued. Rate-limited per client id and per address.",
  tags: ['Authentication'],
  scope: null,
  body: tokenRequest,
  requestContentType: 'application/x-www-form-urlencoded',
  responses: {
    200: { description: 'A token was issued.', schema: tokenResponse },
    400: {
      description: 'invalid_request, unsupported_grant_type or invalid_scope.',
      schema: oauthError,
      contentType: 'application/json',
    },
    401: { description: 'invalid_client.', schema: oauthError, contentType: 'application/json' },
    429: { description: 'Too many token requests.' },
  },
});

export const getJwks = defineEndpoint({
  operationId: 'getJwks',
  method: 'GET',
  path: '/public/auth/jwks.json',
  summary: 'Public keys of the token signer',
  tags: ['Authentication'],
  scope: null,
  responses: { 200: { description: 'The JSON Web Key Set.', schema: jwks } },
});
