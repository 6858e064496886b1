import { auth } from '../auth/auth';
import { apiErrorFrom } from './errors';

export type QueryParams = Record<string, string | number | undefined | null>;

export function withQuery(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Being replaced by the typed client in ./client.ts. A call to the BFF's `/api/*` with the person's access token; the BFF picks the Finvis scopes. */
export async function bffGet(path: string, signal: AbortSignal, params?: QueryParams): Promise<unknown> {
  const token = await auth.accessToken();
  const response = await fetch(`/api${withQuery(path, params)}`, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal,
  });
  if (!response.ok) throw apiErrorFrom(response.status, await response.json().catch(() => null));
  return response.json();
}
