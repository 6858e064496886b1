import { desc, isNull } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Database } from '../db/client';
import { signingKeys } from '../db/schema';
import { newId } from '../ids';

export const TOKEN_ALGORITHM = 'ES256';

export interface SigningKeys {
  /** The key new tokens are signed with. */
  current: { kid: string; privateKey: CryptoKey };
  /** Every public key whose tokens may still be live, as published at /public/auth/jwks.json. */
  jwks: { keys: JWK[] };
}

/**
 * Loads the API's signing key, creating one on first start. Several instances starting together
 * may each create one; they then all sign with the newest and publish all of them.
 */
export async function loadSigningKeys(db: Database): Promise<SigningKeys> {
  let rows = await db
    .select()
    .from(signingKeys)
    .where(isNull(signingKeys.retiredAt))
    .orderBy(desc(signingKeys.createdAt));
  if (rows.length === 0) {
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    const kid = newId('client').replace(/^cli_/, 'key_');
    await db.insert(signingKeys).values({
      kid,
      algorithm: TOKEN_ALGORITHM,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' },
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM },
    });
    rows = await db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt));
  }
  const newest = rows[0];
  if (!newest) throw new Error('no signing key could be created');
  const privateKey = (await importJWK(newest.privateJwk as JWK, TOKEN_ALGORITHM)) as CryptoKey;
  return {
    current: { kid: newest.kid, privateKey },
    jwks: { keys: rows.map((row) => row.publicJwk as JWK) },
  };
}
