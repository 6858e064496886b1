import { auth } from '../auth/auth';

/** A call to the BFF's `/api/*` with the person's access token; the BFF picks the Finvis scopes. */
export async function bffGet(path: string, signal: AbortSignal): Promise<unknown> {
  const token = await auth.accessToken();
  const response = await fetch(`/api${path}`, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal,
  });
  if (!response.ok) throw new Error(`Finvis svarade ${response.status}`);
  return response.json();
}
