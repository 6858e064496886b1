import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { request } from 'undici';
import { z } from 'zod';

export interface SignedInUser {
  /** The token's subject; forwarded to Finvis as `Finvis-Acting-User`. */
  subject: string;
  /** The token's `name` claim, when it has one; forwarded as `Finvis-Acting-User-Name`. */
  name: string | null;
  roles: string[];
  tenant: string | null;
}

export type UserTokenOutcome =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: 'missing' | 'invalid' | 'unavailable'; detail: string };

export interface UserTokenVerifierOptions {
  issuer: string;
  audience: string;
  rolesClaim: string;
  tenantClaim: string;
  /** The issuer's keys; by default discovered from `${issuer}/.well-known/openid-configuration`. */
  keys?: JWTVerifyGetKey;
  /** Require RFC 9068's `typ: at+jwt` (the embedded IdP sets it; some issuers do not). */
  requireAccessTokenType?: boolean;
  timeoutMs: number;
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
/** The `Finvis-Acting-User` header the API accepts: printable ASCII, at most 255 characters. */
const ACTING_USER = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/** Signed-in people remembered at most (least recently signed in go first). */
const VERIFIED_TOKENS_KEPT = 10_000;

const discoveryDocument = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** Validates the user's access token (signature by the issuer's JWKS, issuer, audience, expiry). */
export function createUserTokenVerifier(options: UserTokenVerifierOptions) {
  let keys: Promise<JWTVerifyGetKey> | null = options.keys ? Promise.resolve(options.keys) : null;
  const loadKeys = (): Promise<JWTVerifyGetKey> => {
    keys ??= discoverJwks(options.issuer, options.timeoutMs).catch((error: unknown) => {
      keys = null;
      throw error;
    });
    return keys;
  };

  // Every dashboard call carries the person's token; its signature is checked once and the person
  // remembered until the token expires, so the proxy does not pay an RSA/ECDSA check per call.
  const verified = new Map<string, { user: SignedInUser; expiresAtMs: number }>();

  return async function verify(authorization: string | undefined): Promise<UserTokenOutcome> {
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization ?? '');
    if (!match?.[1])
      return { ok: false, reason: 'missing', detail: 'Sign in: a Bearer access token is required.' };
    const token = match[1];
    const known = verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return { ok: true, user: known.user };
      verified.delete(token);
    }
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await loadKeys();
    } catch {
      return { ok: false, reason: 'unavailable', detail: "The identity provider's keys cannot be loaded." };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ASYMMETRIC_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
        ...(options.requireAccessTokenType ? { typ: 'at+jwt' } : {}),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout)
        return { ok: false, reason: 'unavailable', detail: "The identity provider's keys cannot be loaded." };
      return {
        ok: false,
        reason: 'invalid',
        detail:
          error instanceof joseErrors.JWTExpired
            ? 'The access token has expired.'
            : 'The access token is not valid for Finvis.',
      };
    }
    const subject = payload.sub ?? '';
    if (!ACTING_USER.test(subject))
      return { ok: false, reason: 'invalid', detail: 'The access token names no usable subject.' };
    const user: SignedInUser = {
      subject,
      name: typeof payload.name === 'string' && payload.name.trim() !== '' ? payload.name : null,
      roles: rolesOf(payload[options.rolesClaim]),
      tenant:
        typeof payload[options.tenantClaim] === 'string' ? (payload[options.tenantClaim] as string) : null,
    };
    if (verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    // requiredClaims holds exp to be present; jose has checked it is a number in the future.
    verified.set(token, { user, expiresAtMs: (payload.exp ?? 0) * 1000 });
    return { ok: true, user };
  };
}

export type UserTokenVerifier = ReturnType<typeof createUserTokenVerifier>;

/** Roles as an array of strings or one space-separated string; anything else means none. */
function rolesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(/\s+/).filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((role): role is string => typeof role === 'string');
  return [];
}

async function discoverJwks(issuer: string, timeoutMs: number): Promise<JWTVerifyGetKey> {
  const response = await request(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`OIDC discovery answered ${response.statusCode}`);
  }
  const document = discoveryDocument.parse(await response.body.json());
  if (document.issuer !== issuer) throw new Error('OIDC discovery names another issuer');
  return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: timeoutMs });
}
