import { createHash, randomInt } from 'node:crypto';
import { randomDigits, randomHex } from './ids.js';

/** Invented values that look like the real ones (lengths and alphabets of captures). */

/** 32 lower-case hex digits: aeskeys, md5s. */
export function fakeAesKey(): string {
  return randomHex(32);
}

/** md5 of `data` when given, else a random 32-hex digest. */
export function md5Of(data: Uint8Array | undefined): string {
  return data ? createHash('md5').update(data).digest('hex') : randomHex(32);
}

/** A CDN file id as in image/video XML: ASN.1-ish hex starting `30…`, `hexLength` digits long. */
export function fakeCdnUrl(hexLength = 228): string {
  const head = '3057020100044b3049020100020441a7b210';
  return head + randomHex(Math.max(0, hexLength - head.length));
}

/** An `emoji.qpic.cn` sticker url. */
export function fakeEmojiUrl(): string {
  return `http://emoji.qpic.cn/wx_emoji/${randomHex(48)}/`;
}

/** A plausible byte size for invented media. */
export function fakeLength(min: number, max: number): number {
  return randomInt(min, max);
}

/** `v1_…@stranger` (encrypted user id) or `v2_…@stranger` (ticket). */
export function fakeStrangerId(version: 'v1' | 'v2'): string {
  return `${version}_${randomHex(version === 'v1' ? 48 : 64)}@stranger`;
}

/** `@crypt_` + 8 hex + `_` + 96 hex: a MediaId. */
export function fakeMediaId(): string {
  return `@crypt_${randomHex(8)}_${randomHex(96)}`;
}

/** A decimal id of `n` digits (bufid, transaction ids). */
export function fakeDigits(n: number): string {
  return randomDigits(n);
}
