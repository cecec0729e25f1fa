import { randomBytes, randomInt } from 'node:crypto';

/** Lower-case hex of `n` random bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A group's `EncryChatRoomId`: `@` + 32 hex. */
export function encryChatRoomId(): string {
  return `@${randomHex(16)}`;
}

/** A login uuid: 12 base64 characters ending in `==` (e.g. `4dcaWx3uBw==`). */
export function loginUuid(): string {
  return randomBytes(7).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** `@crypt_` + 8 hex + `_` + 32 hex. */
export function skey(): string {
  return `@crypt_${randomHex(4)}_${randomHex(16)}`;
}

/** A 16-character wxsid in the base64 alphabet (may contain `/` and `+`). */
export function wxsid(): string {
  return randomBytes(12).toString('base64');
}

/** A raw base64 pass_ticket (48 bytes → 64 chars, usually with `+` and `/`). */
export function passTicketRaw(): string {
  return randomBytes(48).toString('base64');
}

/** A random token in the base64 alphabet, `len` characters long. */
export function token(len: number): string {
  return randomBytes(Math.ceil((len * 3) / 4) + 2)
    .toString('base64')
    .replace(/[+/=]/g, 'x')
    .slice(0, len);
}

/** A MediaId like the server's: `@crypt_` + 8 hex + `_` + 128 hex. */
export function mediaId(): string {
  return `@crypt_${randomHex(4)}_${randomHex(64)}`;
}

/** Random decimal digits. */
export function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(0, 10));
  return s;
}
