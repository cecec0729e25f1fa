import { randomBytes } from 'node:crypto';
import { IlinkMediaError } from '../errors.js';
import type { IlinkApi } from '../protocol/api.js';
import {
  type MessageItem,
  MessageItemType,
  UploadMediaType,
  type UploadMediaTypeValue,
} from '../protocol/types.js';
import { encodeMediaKeyForSend, encryptMedia, md5Hex, newMediaKey } from './aes.js';
import type { CdnClient } from './cdn.js';

/** What kind of message an upload becomes. Audio goes as a file (native voice is unproven, §11.6). */
export type OutboundMediaKind = 'image' | 'video' | 'file';

/** A file on the CDN, ready to be sent (and re-sent) with {@link mediaItem}. */
export interface UploadedMedia {
  readonly kind: OutboundMediaKind;
  /** The CDN's `x-encrypted-param`: the item's `encrypt_query_param`. */
  readonly encryptQueryParam: string;
  /** The 16-byte key the file was encrypted with. */
  readonly key: Buffer;
  readonly rawSize: number;
  readonly cipherSize: number;
  /** Plaintext MD5, hex. */
  readonly md5: string;
  /** File name for `file` items. */
  readonly fileName: string | undefined;
}

/** Options of {@link uploadMedia}. */
export interface UploadMediaOptions {
  readonly kind: OutboundMediaKind;
  readonly data: Buffer;
  /** The recipient: iLink binds every upload to a real user. */
  readonly toUserId: string;
  /** Shown to the user for `file` items (default `file`). */
  readonly fileName?: string | undefined;
  /** Largest file accepted (default 100 MiB). */
  readonly maxBytes?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The key (tests); a new random one by default. */
  readonly key?: Buffer | undefined;
}

const MEDIA_TYPE = {
  image: UploadMediaType.IMAGE,
  video: UploadMediaType.VIDEO,
  file: UploadMediaType.FILE,
} as const satisfies Record<OutboundMediaKind, UploadMediaTypeValue>;

/**
 * Chooses the kind from a MIME type as the official client does: `image/*` → image, `video/*` → video,
 * anything else → file.
 */
export function mediaKindForMime(mime: string | undefined): OutboundMediaKind {
  if (mime?.startsWith('image/')) return 'image';
  if (mime?.startsWith('video/')) return 'video';
  return 'file';
}

/**
 * Uploads one file: `getuploadurl` (with a fresh key, sizes and MD5) → AES-128-ECB → CDN POST.
 *
 * @example
 * const up = await uploadMedia(api, cdn, { kind: 'image', data: png, toUserId: user });
 * await api.sendMessage({ ...outboundBase(user, token), item_list: [mediaItem(up)] });
 */
export async function uploadMedia(
  api: IlinkApi,
  cdn: CdnClient,
  options: UploadMediaOptions,
): Promise<UploadedMedia> {
  const max = options.maxBytes ?? 100 * 1024 * 1024;
  if (options.data.length > max) {
    throw new IlinkMediaError(
      'MEDIA_TOO_LARGE',
      `the ${options.kind} has ${options.data.length} bytes; the limit is ${max}`,
    );
  }
  const key = options.key ?? newMediaKey();
  const cipherText = encryptMedia(options.data, key);
  const md5 = md5Hex(options.data);
  const filekey = randomBytes(16).toString('hex');
  const ticket = await api.getUploadUrl(
    {
      filekey,
      media_type: MEDIA_TYPE[options.kind],
      to_user_id: options.toUserId,
      rawsize: options.data.length,
      rawfilemd5: md5,
      filesize: cipherText.length,
      no_need_thumb: true,
      aeskey: key.toString('hex'),
    },
    { signal: options.signal },
  );
  const encryptQueryParam = await cdn.upload(
    { uploadFullUrl: ticket.upload_full_url, uploadParam: ticket.upload_param, filekey },
    cipherText,
    options.signal,
  );
  return {
    kind: options.kind,
    encryptQueryParam,
    key,
    rawSize: options.data.length,
    cipherSize: cipherText.length,
    md5,
    fileName: options.kind === 'file' ? (options.fileName ?? 'file') : options.fileName,
  };
}

/** The `sendmessage` item for an uploaded file (protocol.md §11.6 shapes). */
export function mediaItem(up: UploadedMedia): MessageItem {
  const media = {
    encrypt_query_param: up.encryptQueryParam,
    aes_key: encodeMediaKeyForSend(up.key),
    encrypt_type: 1,
  };
  switch (up.kind) {
    case 'image':
      return { type: MessageItemType.IMAGE, image_item: { media, mid_size: up.cipherSize } };
    case 'video':
      return {
        type: MessageItemType.VIDEO,
        video_item: { media, video_size: up.cipherSize, video_md5: up.md5 },
      };
    case 'file':
      return {
        type: MessageItemType.FILE,
        file_item: { media, file_name: up.fileName ?? 'file', md5: up.md5, len: String(up.rawSize) },
      };
  }
}
