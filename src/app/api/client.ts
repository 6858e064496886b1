import createClient, { type Middleware } from 'openapi-fetch';
import { auth } from '../auth/auth';
import { apiErrorFrom } from './errors';
import type { paths } from './openapi.gen';

/**
 * The BFF forwards `/api/*` to the API's `/public/*`: the generated paths keep the API's names, and
 * this middleware moves them under the BFF and adds the person's access token.
 */
const throughTheBff: Middleware = {
  async onRequest({ request }) {
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(/^\/api\/public\//, '/api/');
    const token = await auth.accessToken();
    // The body is read into bytes: a copied Request carries it as a stream, which Chromium uploads
    // only over HTTP/2 (ERR_ALPN_NEGOTIATION_FAILED against the BFF's HTTP/1.1).
    const body = ['GET', 'HEAD'].includes(request.method) ? null : await request.arrayBuffer();
    const forwarded = new Request(url, {
      method: request.method,
      headers: request.headers,
      body: body && body.byteLength > 0 ? body : null,
      signal: request.signal,
    });
    forwarded.headers.set('accept', 'application/json');
    if (token) forwarded.headers.set('authorization', `Bearer ${token}`);
    return forwarded;
  },
};

function baseUrl(): string {
  return `${globalThis.location?.origin ?? 'http://localhost'}/api`;
}

/**
 * The one typed client of the dashboard: every path, parameter and body is checked against the contract.
 * `fetch` is looked up on each call (not captured once) so that tests can stand in for the network.
 */
export const api = createClient<paths>({ baseUrl: baseUrl(), fetch: (request) => globalThis.fetch(request) });
api.use(throughTheBff);

interface ClientResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The response body of a successful call; an ApiError (status, problem detail) otherwise. */
export async function expectData<Data>(call: Promise<ClientResult<Data>>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw apiErrorFrom(response.status, error);
  return data;
}
