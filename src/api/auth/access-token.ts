import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, SignJWT } from 'jose';
import { scopes as knownScopes, type Scope } from '../../contract/scopes';
import { TOKEN_ALGORITHM, type SigningKeys } from './signing-keys';

export const TOKEN_AUDIENCE = 'finvis-public-api';

export interface TokenClaims {
  tenantId: string;
  clientId: string;
  scopes: Scope[];
  expiresAt: Date;
}

export interface TokenIssuer {
  issue(input: {
    tenantId: string;
    clientId: string;
    scopes: Scope[];
  }): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<TokenClaims | null>;
  jwks: SigningKeys['jwks'];
}

/** Verified tokens remembered at most; a busy API sees far fewer live tokens than this. */
const VERIFIED_TOKENS_KEPT = 10_000;

export function createTokenIssuer(
  keys: SigningKeys,
  options: { issuer: string; lifetimeSeconds: number },
): TokenIssuer {
  const keySet = createLocalJWKSet(keys.jwks);
  // An ES256 check costs more than the rest of a cached read; a token's claims cannot change, so each
  // is checked once and then remembered until it expires (a revoked client is caught by its status).
  const verified = new Map<string, TokenClaims>();
  return {
    jwks: keys.jwks,
    async issue({ tenantId, clientId, scopes }) {
      const token = await new SignJWT({ tenant: tenantId, client_id: clientId, scope: scopes.join(' ') })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: keys.current.kid, typ: 'at+jwt' })
        .setIssuer(options.issuer)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(clientId)
        .setIssuedAt()
        .setExpirationTime(`${options.lifetimeSeconds}s`)
        .setJti(randomUUID())
        .sign(keys.current.privateKey);
      return { token, expiresIn: options.lifetimeSeconds };
    },
    /** Null for any token we did not sign, that has expired, or that lacks what we put in. */
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt.getTime() > Date.now()) return known;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: TOKEN_AUDIENCE,
          algorithms: [TOKEN_ALGORITHM],
          typ: 'at+jwt',
        });
        const { tenant, client_id: clientId, scope, exp } = payload;
        if (typeof tenant !== 'string' || typeof clientId !== 'string' || typeof scope !== 'string' || !exp)
          return null;
        const granted = scope.split(' ').filter((s): s is Scope => (knownScopes as string[]).includes(s));
        const claims = { tenantId: tenant, clientId, scopes: granted, expiresAt: new Date(exp * 1000) };
        if (verified.size >= VERIFIED_TOKENS_KEPT) {
          const oldest = verified.keys().next();
          if (!oldest.done) verified.delete(oldest.value);
        }
        verified.set(token, claims);
        return claims;
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) return null;
        throw error;
      }
    },
  };
}
