import { createHash } from 'node:crypto';
import { WxApiError, WxError } from '../../../errors.js';
import { type ApiContext, apiUrl, baseRequest, CGI, postJson } from './context.js';
import type { UploadMediaType } from './mime.js';
import { parseApiJson, str } from './parse.js';

/** Upload chunk size: 512 KiB (§7.3). */
export const CHUNK_SIZE = 524_288;

/** Files above this size go through `webwxcheckupload` first (§7.4). */
export const CHECK_UPLOAD_THRESHOLD = 25 * 1024 * 1024;

/** A file to upload, already in memory. */
export interface UploadInput {
  readonly data: Uint8Array;
  readonly name: string;
  readonly mime: string;
  readonly mediaType: UploadMediaType;
  readonly from: string;
  readonly to: string;
  /** From checkupload for large files. */
  readonly aesKey?: string;
  readonly signature?: string;
}

/** The result of an upload. */
export interface UploadResult {
  readonly mediaId: string;
  readonly encryFileName: string;
}

let fileCounter = 0;

/** JS `Date.toString()` style, as browsers send `lastModifiedDate`. */
function jsDateString(d: Date): string {
  return d.toString();
}

/** MD5 hex of the bytes (`FileMd5`). */
export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * `webwxuploadmedia` on the file host: multipart, in 524288-byte chunks with the same `id` and
 * `ClientMediaId`; the MediaId comes from the last chunk's answer (§7.3).
 */
export async function uploadMedia(
  ctx: ApiContext,
  input: UploadInput,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const size = input.data.byteLength;
  if (size === 0)
    throw new WxError('MEDIA_EMPTY', `Cannot send "${input.name}": the file is empty (0 bytes).`);
  const chunks = Math.ceil(size / CHUNK_SIZE);
  const fileId = `WU_FILE_${fileCounter++}`;
  const dataTicket = ctx.http.cookie('webwx_data_ticket', `https://${ctx.hosts.file}/`) ?? '';
  const request: Record<string, unknown> = {
    UploadType: 2,
    BaseRequest: baseRequest(ctx.creds),
    ClientMediaId: Date.now(),
    TotalLen: size,
    StartPos: 0,
    DataLen: size,
    MediaType: 4,
    FromUserName: input.from,
    ToUserName: input.to,
    FileMd5: md5Hex(input.data),
  };
  if (input.aesKey) request.AESKey = input.aesKey;
  if (input.signature) request.Signature = input.signature;
  const requestJson = JSON.stringify(request);
  let passTicket = ctx.creds.passTicket;
  try {
    passTicket = decodeURIComponent(passTicket);
  } catch {
    // keep the raw value
  }
  const lastModified = jsDateString(new Date());
  const url = apiUrl(ctx.hosts.file, `${CGI}/webwxuploadmedia`, { f: 'json' });
  let result: UploadResult | undefined;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const part = input.data.subarray(chunk * CHUNK_SIZE, Math.min(size, (chunk + 1) * CHUNK_SIZE));
    const form = new FormData();
    form.append('id', fileId);
    form.append('name', input.name);
    form.append('type', input.mime);
    form.append('lastModifiedDate', lastModified);
    form.append('size', String(size));
    if (chunks > 1) {
      form.append('chunks', String(chunks));
      form.append('chunk', String(chunk));
    }
    form.append('mediatype', input.mediaType);
    form.append('uploadmediarequest', requestJson);
    form.append('webwx_data_ticket', dataTicket);
    form.append('pass_ticket', passTicket);
    form.append('filename', new Blob([part], { type: input.mime }), input.name);
    const res = await ctx.http.text({
      endpoint: 'webwxuploadmedia',
      method: 'POST',
      url,
      body: form,
      timeoutMs: ctx.timeouts.upload,
      signal,
    });
    const json = parseApiJson('webwxuploadmedia', res.data);
    if (chunk === chunks - 1) {
      const mediaId = str(json.MediaId);
      if (!mediaId)
        throw new WxApiError(
          'webwxuploadmedia',
          undefined,
          'webwxuploadmedia: last chunk answer has no MediaId',
        );
      result = { mediaId, encryFileName: str(json.EncryFileName) };
    }
  }
  // chunks >= 1, so the loop set result.
  return result as UploadResult;
}

/** What `webwxcheckupload` says about a large file. */
export interface CheckUploadResult {
  /** Non-empty when the server already has the file (skip the upload). */
  readonly mediaId: string;
  readonly aesKey: string;
  readonly signature: string;
  readonly encryFileName: string;
}

/** `webwxcheckupload` (files > 25 MB, §7.4). */
export async function checkUpload(
  ctx: ApiContext,
  a: {
    readonly from: string;
    readonly to: string;
    readonly size: number;
    readonly md5: string;
    readonly name: string;
  },
  signal?: AbortSignal,
): Promise<CheckUploadResult> {
  const text = await postJson(
    ctx,
    'webwxcheckupload',
    {},
    {
      BaseRequest: baseRequest(ctx.creds),
      FromUserName: a.from,
      ToUserName: a.to,
      FileSize: a.size,
      FileMd5: a.md5,
      FileName: a.name,
      FileType: 7,
    },
    signal,
  );
  const json = parseApiJson('webwxcheckupload', text);
  return {
    mediaId: str(json.MediaId),
    aesKey: str(json.AESKey),
    signature: str(json.Signature),
    encryFileName: str(json.EncryFileName),
  };
}
