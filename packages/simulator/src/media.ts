import { createHash } from 'node:crypto';

/** Bytes the simulator can serve for a message or a MediaId. */
export interface MediaBlob {
  bytes: Buffer;
  mime: string;
  fileName: string;
  /** Thumbnail for `type=slave` (defaults to `bytes`). */
  thumb?: Buffer;
}

/** A finished upload. */
export interface UploadedMedia extends MediaBlob {
  mediaId: string;
  md5: string;
  uploadedBy: string;
}

/** Tiny but valid default payloads (used when the phone sends media without bytes). */
export const DEFAULT_BYTES = {
  jpeg: Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
    'base64',
  ),
  gif: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
  mp3: Buffer.concat([
    Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'),
    Buffer.alloc(64, 0x55),
  ]),
  mp4: Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypmp42\u0000\u0000\u0000\u0000mp42isom', 'latin1'),
    Buffer.alloc(4096, 0x11),
  ]),
  file: Buffer.from('simulated file content\n'),
} as const;

/** md5 hex of some bytes. */
export function md5Hex(b: Uint8Array): string {
  return createHash('md5').update(b).digest('hex');
}

/** Stores media by message id and by MediaId. */
export class MediaStore {
  readonly byMsgId = new Map<string, MediaBlob>();
  readonly byMediaId = new Map<string, UploadedMedia>();

  /** Finds an upload by md5 (for `webwxcheckupload` instant sends). */
  findByMd5(md5: string): UploadedMedia | undefined {
    for (const m of this.byMediaId.values()) if (m.md5 === md5) return m;
    return undefined;
  }
}
