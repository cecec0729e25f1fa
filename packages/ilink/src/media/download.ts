import { IlinkMediaError } from '../errors.js';
import type { CdnMedia } from '../protocol/types.js';
import { decryptMedia, md5Hex, parseMediaKey } from './aes.js';
import type { CdnClient } from './cdn.js';

/** What {@link downloadMedia} needs: the CDN reference, and the hex key images carry beside it. */
export interface MediaRef {
  readonly media: CdnMedia;
  /** `image_item.aeskey` (32 hex); preferred over `media.aes_key` when present. */
  readonly hexKey?: string | undefined;
  /** Plaintext MD5 to check (`file_item.md5`, `video_item.video_md5`), when known. */
  readonly md5?: string | undefined;
}

/**
 * Downloads and decrypts one media file. The key may be in any of the §11.5 encodings; without any key
 * the bytes are returned as they are (the official client's rule for keyless images). When the
 * message gave an MD5, the plaintext must match it.
 *
 * @example
 * const bytes = await downloadMedia(cdn, { media: item.media, hexKey: item.hexKey });
 */
export async function downloadMedia(cdn: CdnClient, ref: MediaRef, signal?: AbortSignal): Promise<Buffer> {
  const encoded = ref.hexKey || ref.media.aes_key;
  const cipherText = await cdn.download(ref.media, signal);
  const plain = encoded ? decryptMedia(cipherText, parseMediaKey(encoded)) : cipherText;
  if (ref.md5 && /^[0-9a-fA-F]{32}$/.test(ref.md5) && md5Hex(plain) !== ref.md5.toLowerCase()) {
    throw new IlinkMediaError(
      'MEDIA_CHECKSUM',
      'the downloaded media does not match the MD5 the message announced',
    );
  }
  return plain;
}
