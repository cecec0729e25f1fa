import { newCdnParam } from './ids.js';

/** `UploadMediaType` of `getuploadurl` (protocol.md §11.2). */
export const UPLOAD_MEDIA_TYPES = { 1: 'image', 2: 'video', 3: 'file', 4: 'voice' } as const;

/** A ticket from `getuploadurl`, waiting for its CDN upload. */
export interface PendingUpload {
  readonly uploadParam: string;
  readonly filekey: string;
  readonly key: Buffer;
  readonly rawsize: number;
  readonly rawMd5: string;
  readonly filesize: number;
  readonly mediaType: number;
  readonly toUserId: string;
  readonly botId: string;
  readonly thumb: boolean;
  used: boolean;
}

/** A file on the CDN. */
export interface CdnBlob {
  readonly downloadParam: string;
  readonly ciphertext: Buffer;
  readonly plaintext: Buffer;
  readonly key: Buffer;
  /** Who put it there: the bot (upload) or the scripted user (inbound media). */
  readonly origin: 'bot' | 'user';
  readonly botId: string;
  readonly mediaType: number;
}

/** The fake CDN's storage. */
export class CdnStore {
  private readonly uploads = new Map<string, PendingUpload>();
  private readonly blobs = new Map<string, CdnBlob>();

  /** Issues an upload ticket. */
  ticket(init: Omit<PendingUpload, 'uploadParam' | 'used'>): PendingUpload {
    const p: PendingUpload = { ...init, uploadParam: newCdnParam(), used: false };
    this.uploads.set(p.uploadParam, p);
    return p;
  }

  upload(param: string): PendingUpload | undefined {
    return this.uploads.get(param);
  }

  /** Stores a blob; returns its download parameter (`x-encrypted-param`). */
  put(init: Omit<CdnBlob, 'downloadParam'>): CdnBlob {
    const b: CdnBlob = { ...init, downloadParam: newCdnParam() };
    this.blobs.set(b.downloadParam, b);
    return b;
  }

  get(downloadParam: string): CdnBlob | undefined {
    return this.blobs.get(downloadParam);
  }

  /** Number of stored blobs. */
  get size(): number {
    return this.blobs.size;
  }
}
