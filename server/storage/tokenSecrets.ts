// Board tokens at rest: storage keeps only a keyed hash of each token (HMAC-SHA-256 under the
// server's token key), so a copy of the database grants nothing. The owner still needs to see the
// editor and viewer links, so those two are also kept sealed (AES-256-GCM) under a key derived
// from the owner token, which the server never stores: only whoever holds the owner link opens them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '#shared/roles.js';

export interface TokenSecrets {
  /** The stored form of a token: what lookups compare against. */
  hash(token: string): string;
  /** `token` of `role`, readable again only with the board's owner token. */
  seal(ownerToken: string, boardId: string, role: Role, token: string): string;
  /** The token sealed by `seal`, or null when `ownerToken` is not the one it was sealed under. */
  unseal(ownerToken: string, boardId: string, role: Role, sealed: string): string | null;
}

/** Bytes of a generated token key. */
export const TOKEN_KEY_BYTES = 32;

export function createTokenSecrets(key: Buffer): TokenSecrets {
  const sealingKey = (ownerToken: string, boardId: string, role: Role) =>
    Buffer.from(crypto.hkdfSync('sha256', ownerToken, boardId, `worksort link ${role}`, 32));
  return {
    hash(token) {
      return crypto.createHmac('sha256', key).update(token).digest('base64url');
    },
    seal(ownerToken, boardId, role, token) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', sealingKey(ownerToken, boardId, role), iv);
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    unseal(ownerToken, boardId, role, sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length < 28) return null;
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', sealingKey(ownerToken, boardId, role), bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // Authentication failed: another owner token (an old one, or a guess). Nothing to open.
        return null;
      }
    },
  };
}

/** Two stored hashes compared in constant time (their length is fixed and public). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * The embedded default's token key when TOKEN_KEY is unset: a file of its own beside the database
 * (created once, readable by the server's user only), so a copy of the database file alone cannot
 * even check a guessed token.
 */
export function fileTokenKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'token.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(TOKEN_KEY_BYTES).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
}

/** Stored rows of one board's tokens: hash, and for editor and viewer the sealed token. */
export interface StoredToken {
  role: Role;
  hash: string;
  sealed: string | null;
}

/** What to store for a new board's tokens. */
export function storedTokens(secrets: TokenSecrets, boardId: string, tokens: Record<Role, string>): StoredToken[] {
  return (Object.entries(tokens) as [Role, string][]).map(([role, token]) => ({
    role,
    hash: secrets.hash(token),
    sealed: role === 'owner' ? null : secrets.seal(tokens.owner, boardId, role, token),
  }));
}

/**
 * The rows to write when `role`'s token becomes `token`. A new owner token re-seals the other
 * two links under itself (the owner token in hand opens them); others are sealed under the owner's.
 */
export function rotatedTokens(
  secrets: TokenSecrets,
  boardId: string,
  current: StoredToken[],
  ownerToken: string,
  role: Role,
  token: string,
): StoredToken[] | null {
  const owner = current.find((row) => row.role === 'owner');
  if (!owner || !sameHash(owner.hash, secrets.hash(ownerToken))) return null;
  if (role !== 'owner') return [{ role, hash: secrets.hash(token), sealed: secrets.seal(ownerToken, boardId, role, token) }];
  const rows: StoredToken[] = [{ role: 'owner', hash: secrets.hash(token), sealed: null }];
  for (const row of current) {
    if (row.role === 'owner' || !row.sealed) continue;
    const open = secrets.unseal(ownerToken, boardId, row.role, row.sealed);
    if (open !== null) rows.push({ role: row.role, hash: row.hash, sealed: secrets.seal(token, boardId, row.role, open) });
  }
  return rows;
}

/** A board's tokens in the clear, for the holder of its owner token; null for anyone else. */
export function openTokens(secrets: TokenSecrets, boardId: string, rows: StoredToken[], ownerToken: string): Record<Role, string> | null {
  const owner = rows.find((row) => row.role === 'owner');
  if (!owner || !sameHash(owner.hash, secrets.hash(ownerToken))) return null;
  const tokens: Partial<Record<Role, string>> = { owner: ownerToken };
  for (const row of rows) {
    if (row.role === 'owner' || !row.sealed) continue;
    const open = secrets.unseal(ownerToken, boardId, row.role, row.sealed);
    if (open === null) return null;
    tokens[row.role] = open;
  }
  return tokens.editor && tokens.viewer ? (tokens as Record<Role, string>) : null;
}
