import { idPrefixes, type IdKind } from './ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list';
import { problemTypes } from './problem';
import { scopeDescriptions } from './scopes';

/*
 * The text integrators read first: the conventions every operation of the public API shares. It is
 * pure text (no I/O, nothing from src/api), so the OpenAPI generator, the reference page and any other
 * tool can reuse it. Swagger UI renders Markdown with hard line breaks, so each paragraph is one line.
 */

export const API_TITLE = 'Finvis Public API';

/** How long an idempotency key and its stored response are kept, at least. */
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;
/** The default lifetime of an access token, in seconds (`expires_in`). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 15 * 60;
/** The default rate limit per API client, in requests per minute. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** One line per problem type, so a new type cannot be added without saying what it means. */
const problemMeanings: Record<keyof typeof problemTypes, string> = {
  validation: '400: the request path, query or body is not valid; `errors[]` says which fields and why.',
  malformedBody: '400: the body is not valid JSON.',
  unauthorized: '401: no token, or the token is invalid or expired.',
  forbidden: '403: the token lacks the scope the operation needs.',
  notFound: "404: no such resource, or it belongs to another tenant (the two can't be told apart).",
  methodNotAllowed: '405: the path exists but not with this method; `Allow` lists the methods it has.',
  conflict: '409: the resource is not in a state that allows this change.',
  idempotency:
    '409 or 422: an `Idempotency-Key` problem: the first request with the key is still running, or the key was used for a different request.',
  payloadTooLarge: '413: the body is too large.',
  unsupportedMediaType: '415: send the body as `application/json`.',
  rateLimited: '429: the rate limit is exceeded; wait `Retry-After` seconds.',
  internal: '500: something went wrong on our side; quote the request id.',
  badGateway: '502: a bank or another upstream answered wrongly.',
  unavailable: '503: the service or its database is temporarily unavailable.',
  gatewayTimeout: '504: a bank or another upstream did not answer in time.',
};

const idExamples = (Object.entries(idPrefixes) as [IdKind, string][])
  .map(([kind, prefix]) => `\`${prefix}_\` ${kind}`)
  .join(', ');

const scopeTable = Object.entries(scopeDescriptions)
  .map(([scope, description]) => `| \`${scope}\` | ${description} |`)
  .join('\n');

const problemList = (Object.entries(problemTypes) as [keyof typeof problemTypes, string][])
  .map(([kind, uri]) => `- \`${uri}\`: ${problemMeanings[kind]}`)
  .join('\n');

/** The Markdown description of the public API: the `info.description` of the OpenAPI document. */
export const apiDescription = `Finvis is treasury automation for Swedish corporate groups (koncerner): bank accounts and balances, payments with approval control, reconciliation and cashflow reporting. This API is the one the Finvis dashboard itself uses. Every path starts with \`/public\` and works with or without a trailing slash. Requests and responses are JSON with snake_case fields; timestamps are RFC 3339 in UTC, business dates are \`YYYY-MM-DD\` in Europe/Stockholm.

The machine-readable document is at [\`/public/openapi.json\`](/public/openapi.json); this reference page is at \`/public/docs\`.

## Authentication

Finvis uses OAuth 2.0 client credentials (RFC 6749 §4.4). Exchange your API client's id and secret for an access token at \`POST /public/auth/token/\`: a form-encoded body (\`application/x-www-form-urlencoded\`) with \`grant_type=client_credentials\` and, optionally, \`scope\` (space-separated; a subset of your client's scopes, all of them when omitted). Authenticate the client with HTTP Basic (\`Authorization: Basic base64(client_id:client_secret)\`) or with \`client_id\` and \`client_secret\` in the body.

\`\`\`
curl -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope="read:ledger" https://finvis.example/public/auth/token/
\`\`\`

Send the token as \`Authorization: Bearer <access_token>\`. Every API client belongs to one tenant, and every token is scoped to that tenant: it can never see another tenant's data (a resource of another tenant answers 404, exactly like one that does not exist). Tokens expire after ${DEFAULT_TOKEN_LIFETIME_SECONDS / 60} minutes by default (\`expires_in\` says exactly); get a new one when it runs out. The token endpoint answers errors the OAuth way (\`{"error": "invalid_client"}\` and friends, RFC 6749 §5.2), not as problem details. Client secrets are shown once, when the client is created.

## Scopes

Each operation needs one scope (shown in its description); a token without it gets 403.

| scope | grants |
| --- | --- |
${scopeTable}

## Money

Money is always an object with a decimal **string** and an ISO 4217 currency code: \`{"amount": "1250000.00", "currency": "SEK"}\`. The amount has exactly the currency's ISO 4217 minor digits (two for SEK, EUR, USD, NOK and DKK; none for JPY). Amounts are never JSON numbers, in requests or responses, so nothing is ever rounded through floating point: parse them with a decimal type.

## Identifiers

Ids are opaque strings with a type prefix, so an id of the wrong type is rejected early and logs read well: ${idExamples}. Treat the part after the prefix as opaque.

## Pagination

List operations answer \`{"results": [...], "next_cursor": "..."}\` in a stable order. \`limit\` sets the page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}). To get the next page, pass the previous page's \`next_cursor\` as \`cursor\` with the same filters; \`next_cursor\` is \`null\` on the last page. Cursors are opaque: don't build or change them.

## Errors

Errors are RFC 9457 problem details (\`application/problem+json\`) with \`type\`, \`title\`, \`status\`, \`detail\`, \`instance\` and \`request_id\`. The \`type\` URI is stable: branch on it, not on \`title\` or \`detail\`, which are for people. Validation problems also carry \`errors: [{"path": "/payments/3/amount", "message": "..."}]\`, one entry per failing field. Bad input always gets a 4xx that says what is wrong.

${problemList}

## Idempotency

Every \`POST\` except the token endpoint requires an \`Idempotency-Key\` header, so a request can be retried safely after a timeout or a dropped connection. The key is 1–255 printable ASCII characters, sent bare (\`Idempotency-Key: 4f1c2a9e-batch-2026-11-25\`) or as a quoted structured-field string (\`Idempotency-Key: "4f1c2a9e-batch-2026-11-25"\`); a UUID per logical operation is a good choice.

- The same key with the same request (method, path and body) returns the stored response of the first one, status and body, with \`Idempotent-Replayed: true\`; nothing is done twice.
- The same key with a different request answers 422.
- The same key while the first request is still running answers 409 with \`Retry-After\`; retry after that many seconds.
- A missing or malformed key answers 400.

Keys are per tenant and API client: two clients never collide, even with the same key. **Keys and their stored responses are kept for at least ${IDEMPOTENCY_KEY_RETENTION_HOURS} hours** after the first request; a key reused after that may be treated as new, so don't reuse keys for different operations, and retry within ${IDEMPOTENCY_KEY_RETENTION_HOURS} hours.

## Rate limits

Requests are limited per API client, by default ${DEFAULT_RATE_LIMIT_PER_MINUTE} per minute (a client can have a limit of its own). Requests without a valid token (health, this reference, refused calls) are limited per address, and the token endpoint has tighter limits of its own, per client id and per address. Every response tells you where you stand: \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\` (the Unix time, in seconds, at which the window ends), and the standard \`RateLimit-Policy\` and \`RateLimit\` headers (IETF draft *RateLimit header fields for HTTP*). Past the limit the API answers 429 with \`Retry-After\` (seconds); wait that long before trying again.

## Request ids

Every response carries \`X-Request-Id\`, and every problem body repeats it as \`request_id\`. Send your own \`X-Request-Id\` (1–128 letters, digits, \`_\`, \`.\`, \`:\` or \`-\`) to follow a request across your systems and ours; otherwise Finvis makes one (\`req_…\`). Quote it when you contact support.

## Webhooks

Register HTTPS endpoints with \`POST /public/webhooks/endpoints\` (scope \`admin:public_api\`), naming the event types you want (\`transaction.created\`, \`payment.status.updated\`, \`reconciliation.match.proposed\`, \`reconciliation.match.confirmed\`, or \`*\`). The answer carries the endpoint's signing secret once, as \`secret\` in the Standard Webhooks form \`whsec_<base64 of 32 bytes>\`; \`POST /public/webhooks/endpoints/{id}/rotate-secret\` issues a new one while the old one keeps working for 24 hours. Each event is delivered at least once, signed with HMAC-SHA256 in \`X-Finvis-Signature\` and in the Standard Webhooks headers; the events and how to verify them are under *Webhooks* in this reference, every attempt is listed by \`GET /public/webhooks/deliveries\`, and \`POST /public/webhooks/deliveries/{id}/redeliver\` sends one again.
`;

/** Descriptions of the operation tags, shown as the sections of the reference. */
export const apiTagDescriptions: Record<string, string> = {
  Platform: 'Health and other operations of the API itself; no token needed.',
  Authentication: 'OAuth 2.0 client credentials: exchange your client id and secret for an access token.',
  Ledger: 'Koncerner, companies, bank accounts, balances and transactions.',
  Reporting: 'Positions and cashflow.',
  Payments: 'Payment batches, their lines, submission and approval.',
  Reconciliation: 'Matches between bank transactions and open items.',
  Webhooks: 'Webhook endpoints and deliveries.',
};
