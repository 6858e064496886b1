import { decodeJwt } from 'jose';
import type { Scope } from '../../contract/scopes';
import { scopesForRoles, type RoleScopes } from '../../contract/scopes';
import type { UserTokenVerifier } from '../auth/user-token';

export type StreamAccess =
  | { ok: true; scopes: Scope[]; expiresAt: number }
  | { ok: false; status: 401 | 403 | 503; title: string; detail: string };

/**
 * The same checks as the proxy's, for the event stream: a valid access token in the Authorization
 * header (never in the URL), of this BFF's tenant, with roles that grant some scope.
 */
export async function authorizeStream(
  authorization: string | undefined,
  options: { verifier: UserTokenVerifier | null; tenant: string; roleScopes: RoleScopes },
): Promise<StreamAccess> {
  if (!options.verifier) {
    return { ok: false, status: 503, title: 'Sign-in starting', detail: 'Try again in a moment.' };
  }
  const outcome = await options.verifier(authorization);
  if (!outcome.ok) {
    return outcome.reason === 'unavailable'
      ? { ok: false, status: 503, title: 'Sign-in unavailable', detail: outcome.detail }
      : { ok: false, status: 401, title: 'Unauthorized', detail: outcome.detail };
  }
  if (outcome.user.tenant !== options.tenant) {
    return {
      ok: false,
      status: 403,
      title: 'Forbidden',
      detail: 'Your account belongs to another tenant than this Finvis dashboard serves.',
    };
  }
  const scopes = scopesForRoles(options.roleScopes, outcome.user.roles);
  if (scopes.length === 0) {
    return {
      ok: false,
      status: 403,
      title: 'Forbidden',
      detail: 'None of your roles grants access to Finvis.',
    };
  }
  // The token has been verified; its expiry ends the stream, and the browser reconnects with a new one.
  const token = (authorization ?? '').replace(/^Bearer /, '');
  const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;
  return { ok: true, scopes, expiresAt };
}
