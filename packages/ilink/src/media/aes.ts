import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { IlinkMediaError } from '../errors.js';

/**
 * Size of the AES-128-ECB PKCS#7 ciphertext of `n` plaintext bytes: a full pad block is always
 * added, so 16 bytes become 32 and 0 bytes become 16.
 *
 * @example
 * paddedSize(95231) // 95232
 */
export function paddedSize(n: number): number {
  return (Math.floor(n / 16) + 1) * 16;
}

/** A new random 16-byte media key. */
export function newMediaKey(): Buffer {
  return randomBytes(16);
}

function checkKey(key: Buffer): void {
  if (key.length !== 16)
    throw new IlinkMediaError('MEDIA_KEY', `an AES-128 key has 16 bytes (got ${key.length})`);
}

/** AES-128-ECB with PKCS#7 padding, as the CDN expects. */
export function encryptMedia(plain: Buffer, key: Buffer): Buffer {
  checkKey(key);
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** Reverses {@link encryptMedia}. A wrong key or a damaged file gives an `IlinkMediaError` (`MEDIA_DECRYPT`). */
export function decryptMedia(cipherText: Buffer, key: Buffer): Buffer {
  checkKey(key);
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new IlinkMediaError(
      'MEDIA_DECRYPT',
      `the media is not AES-128-ECB ciphertext: ${cipherText.length} bytes is not a positive multiple of 16`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-128-ecb', key, null);
    return Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch (cause) {
    throw new IlinkMediaError(
      'MEDIA_DECRYPT',
      'the media did not decrypt (bad padding): wrong key or damaged file',
      {
        cause,
      },
    );
  }
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes a media key in any encoding iLink uses (protocol.md §11.5):
 * - 32 hex chars (`image_item.aeskey`, the `getuploadurl` `aeskey`);
 * - base64 of the raw 16 bytes (`media.aes_key` of inbound images; 24 chars);
 * - base64 of the 32-char hex text (`media.aes_key` of files, voice, video and every outbound item; 44 chars).
 *
 * @example
 * parseMediaKey('c25f6c477dd8f6bf0c2ac9bcc2dad916').equals(parseMediaKey('wl9sR33Y9r8MKsm8wtrZFg==')) // true
 */
export function parseMediaKey(encoded: string): Buffer {
  const value = encoded.trim();
  if (HEX32.test(value)) return Buffer.from(value, 'hex');
  if (BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === 16) return decoded;
    if (decoded.length === 32) {
      const text = decoded.toString('latin1');
      if (HEX32.test(text)) return Buffer.from(text, 'hex');
    }
  }
  throw new IlinkMediaError(
    'MEDIA_KEY',
    `the media key is in no known encoding (${value.length} chars): expected 32 hex, base64 of 16 bytes or base64 of 32 hex`,
  );
}

/** The outbound `media.aes_key`: base64 of the key's 32-char hex text (what the official client sends). */
export function encodeMediaKeyForSend(key: Buffer): string {
  checkKey(key);
  return Buffer.from(key.toString('hex'), 'latin1').toString('base64');
}

/** MD5 of the bytes, 32 lowercase hex. */
export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
