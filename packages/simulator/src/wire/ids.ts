import { randomBytes, randomInt } from 'node:crypto';

/** Kind of session UserName to mint. */
export type UserNameKind = 'person' | 'group' | 'official';

// Random bytes are drawn from a pooled buffer: one randomBytes() call per 16 KiB instead of one per
// id (minting 100,000 member UserNames at login cost ~0.4 s of simulator CPU with one call each).
const POOL_SIZE = 16 * 1024;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** `n` random lower-case hex digits. */
export function randomHex(n: number): string {
  const bytes = Math.ceil(n / 2);
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, bytes));
    poolAt = 0;
  }
  const hex = pool.toString('hex', poolAt, poolAt + bytes);
  poolAt += bytes;
  return hex.length === n ? hex : hex.slice(0, n);
}

/** `n` random decimal digits, the first one non-zero. */
export function randomDigits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

/**
 * A fresh session-scoped UserName in the real shape (lower-case hex, §1.3):
 * person `@` + 64 hex, group `@@` + 64 hex, official account / stranger `@` + 32 hex.
 *
 * @example
 * newUserName('group'); // '@@9c8b…0f9e8d'
 */
export function newUserName(kind: UserNameKind): string {
  if (kind === 'group') return `@@${randomHex(64)}`;
  if (kind === 'official') return `@${randomHex(32)}`;
  return `@${randomHex(64)}`;
}

/** A message id pair: the 19-digit decimal `MsgId` string and the same value as a `bigint`. */
export interface MsgIdPair {
  msgId: string;
  newMsgId: bigint;
}

/**
 * A fresh 19-digit message id (always above 2^53, so clients that parse `NewMsgId` as a JS number
 * lose precision, as with the real server) that fits a signed 64-bit integer.
 *
 * @example
 * const { msgId, newMsgId } = newMsgIds(); // '7103418922431299178', 7103418922431299178n
 */
export function newMsgIds(): MsgIdPair {
  // First digit 1–8 keeps the value below 2^63 (9223372036854775807).
  const msgId = String(randomInt(1, 9)) + randomDigits(18).slice(0, 18);
  return { msgId, newMsgId: BigInt(msgId) };
}

/** Alias of {@link newMsgIds} under the name the brief used. */
export const newMsgId = newMsgIds;

/**
 * A fresh internal id: `wxid_` + 14 lower-case alphanumerics (persons), `{10 digits}@chatroom`
 * (groups) or `gh_` + 12 hex (official accounts).
 */
export function newWxid(kind: UserNameKind = 'person'): string {
  if (kind === 'group') return `${randomDigits(10)}@chatroom`;
  if (kind === 'official') return `gh_${randomHex(12)}`;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 14; i++) id += alphabet[randomInt(0, alphabet.length)];
  return `wxid_${id}`;
}

/** `@crypt_` + 8 hex + `_` + 32 hex: the Skey shape (§1.1). */
export function newSkey(): string {
  return `@crypt_${randomHex(8)}_${randomHex(32)}`;
}
