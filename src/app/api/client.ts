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
    const forwarded = new Request(url, request);
    forwarded.headers.set('accept', 'application/json');
    if (token) forwarded.headers.set('authorization', `Bearer ${token}`);
    return forwarded;
  },
};

function baseUrl(): string {
  return `${globalThis.location?.origin ?? 'http://localhost'}/api`;
}

/** The one typed client of the dashboard: every path, parameter and body is checked against the contract. */
export const api = createClient<paths>({ baseUrl: baseUrl() });
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
