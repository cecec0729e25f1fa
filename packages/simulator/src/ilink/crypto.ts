import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-128-ECB with PKCS#7 padding, the cipher of the iLink media CDN (protocol.md §11.1).
 *
 * @example
 * const key = newAesKey();
 * aesEcbDecrypt(aesEcbEncrypt(Buffer.from('hi'), key), key).toString(); // 'hi'
 */
export function aesEcbEncrypt(plain: Uint8Array, key: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** Decrypts AES-128-ECB/PKCS#7; throws on a wrong key or bad padding. */
export function aesEcbDecrypt(cipher: Uint8Array, key: Uint8Array): Buffer {
  const d = createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([d.update(cipher), d.final()]);
}

/** Ciphertext size of `n` plaintext bytes: PKCS#7 always adds padding (16 → 32, 0 → 16). */
export function paddedSize(n: number): number {
  return (Math.floor(n / 16) + 1) * 16;
}

/** A fresh random 16-byte key. */
export function newAesKey(): Buffer {
  return randomBytes(16);
}

/** Lowercase hex MD5 of some bytes. */
export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** The three ways a key travels (protocol.md §11.5). */
export type AesKeyEncoding = 'hex' | 'base64-raw' | 'base64-hex';

/** Writes a 16-byte key in one of the wire encodings. */
export function encodeAesKey(key: Uint8Array, encoding: AesKeyEncoding): string {
  const h = Buffer.from(key).toString('hex');
  if (encoding === 'hex') return h;
  if (encoding === 'base64-raw') return Buffer.from(key).toString('base64');
  return Buffer.from(h, 'ascii').toString('base64');
}

/**
 * Reads a key in any of the wire encodings: 32 hex characters, base64 of the raw 16 bytes, or base64
 * of the 32-character hex text. Returns the key and the encoding found, or `undefined`.
 */
export function decodeAesKey(text: string): { key: Buffer; encoding: AesKeyEncoding } | undefined {
  if (/^[0-9a-fA-F]{32}$/.test(text)) return { key: Buffer.from(text, 'hex'), encoding: 'hex' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const raw = Buffer.from(text, 'base64');
  if (raw.length === 16) return { key: raw, encoding: 'base64-raw' };
  const ascii = raw.toString('ascii');
  if (raw.length === 32 && /^[0-9a-fA-F]{32}$/.test(ascii)) {
    return { key: Buffer.from(ascii, 'hex'), encoding: 'base64-hex' };
  }
  return undefined;
}
