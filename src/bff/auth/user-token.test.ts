import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUserTokenVerifier, type UserTokenVerifier } from './user-token';

const ISSUER = 'https://idp.example.se';
const AUDIENCE = 'finvis-dashboard';

describe('the BFF checks the person’s access token', () => {
  let privateKey: CryptoKey;
  let verify: UserTokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    verify = createUserTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      rolesClaim: 'roles',
      tenantClaim: 'tenant',
      keys: createLocalJWKSet({ keys: [jwk] }),
      timeoutMs: 1_000,
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const tokenFor = (subject: string, lifetimeSeconds: number, audience = AUDIENCE) =>
    new SignJWT({ roles: ['treasurer'], name: 'Astrid Lindqvist', tenant: 'Demo' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .sign(privateKey);

  it('knows the person on every call of the token’s life', async () => {
    const token = await tokenFor('usr_astrid', 300);
    for (let call = 0; call < 3; call++) {
      expect(await verify(`Bearer ${token}`)).toEqual({
        ok: true,
        user: { subject: 'usr_astrid', name: 'Astrid Lindqvist', roles: ['treasurer'], tenant: 'Demo' },
      });
    }
  });

  it('refuses the token once it has expired, though it was accepted before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await tokenFor('usr_astrid', 60);
    expect((await verify(`Bearer ${token}`)).ok).toBe(true);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await verify(`Bearer ${token}`)).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'The access token has expired.',
    });
  });

  it('refuses a token whose signature was tampered with, even after the genuine one was accepted', async () => {
    const token = await tokenFor('usr_astrid', 300);
    expect((await verify(`Bearer ${token}`)).ok).toBe(true);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await verify(`Bearer ${header}.${payload}.${flipped}`)).ok).toBe(false);
  });

  it('refuses a token meant for another audience', async () => {
    expect((await verify(`Bearer ${await tokenFor('usr_astrid', 300, 'someone-else')}`)).ok).toBe(false);
  });
});
