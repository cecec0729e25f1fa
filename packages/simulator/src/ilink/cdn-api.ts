import { BodyTooLargeError, type RequestContext, readBody, send, str } from '../http.js';
import type { BotCall } from './bot-api.js';
import type { IlinkCore } from './core.js';
import { aesEcbDecrypt, md5Hex, paddedSize } from './crypto.js';
import { invalid, sendIlinkJson } from './wire.js';

const HEX32 = /^[0-9a-f]{32}$/;
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why a `getuploadurl` body is unusable, or `undefined`. */
function uploadRequestProblem(b: Record<string, unknown>, thumb: boolean): string | undefined {
  if (typeof b.filekey !== 'string' || b.filekey === '' || b.filekey.length > 64) return 'filekey missing';
  if (![1, 2, 3, 4].includes(b.media_type as number)) return 'media_type must be 1, 2, 3 or 4';
  if (!isSize(b.rawsize)) return 'rawsize missing';
  if (typeof b.rawfilemd5 !== 'string' || !HEX32.test(b.rawfilemd5))
    return 'rawfilemd5 must be 32 lowercase hex';
  if (b.filesize !== paddedSize(b.rawsize)) return 'filesize is not the AES-128-ECB/PKCS#7 size of rawsize';
  if (typeof b.aeskey !== 'string' || !HEX32.test(b.aeskey)) return 'aeskey must be 32 lowercase hex';
  if (thumb) {
    if (!isSize(b.thumb_rawsize)) return 'thumb_rawsize missing';
    if (typeof b.thumb_rawfilemd5 !== 'string' || !HEX32.test(b.thumb_rawfilemd5))
      return 'thumb_rawfilemd5 missing';
    if (b.thumb_filesize !== paddedSize(b.thumb_rawsize))
      return 'thumb_filesize does not match thumb_rawsize';
  }
  return undefined;
}

/**
 * `ilink/bot/getuploadurl`: checks the request against what the CDN will receive (sizes, MD5, key)
 * and issues an `upload_param` (plus `upload_full_url`, and a thumbnail ticket for images and videos
 * when `no_need_thumb` is false and thumbnail fields are given).
 */
export function handleGetUploadUrl({ core, ctx, bot, body }: BotCall): void {
  const toUserId = str(body, 'to_user_id') ?? '';
  if (!bot.conversations.has(toUserId)) {
    sendIlinkJson(ctx.res, invalid('invalid to_user_id'));
    return;
  }
  const wantsThumb =
    body.no_need_thumb !== true &&
    (body.media_type === 1 || body.media_type === 2) &&
    body.thumb_rawsize !== undefined;
  const problem = uploadRequestProblem(body, wantsThumb);
  if (problem) {
    sendIlinkJson(ctx.res, invalid(problem));
    return;
  }
  const common = {
    filekey: body.filekey as string,
    key: Buffer.from(body.aeskey as string, 'hex'),
    mediaType: body.media_type as number,
    toUserId,
    botId: bot.botId,
  };
  const main = core.cdn.ticket({
    ...common,
    rawsize: body.rawsize as number,
    rawMd5: body.rawfilemd5 as string,
    filesize: body.filesize as number,
    thumb: false,
  });
  const thumb = wantsThumb
    ? core.cdn.ticket({
        ...common,
        rawsize: body.thumb_rawsize as number,
        rawMd5: body.thumb_rawfilemd5 as string,
        filesize: body.thumb_filesize as number,
        thumb: true,
      })
    : undefined;
  const fullUrl = `${core.cdnBaseUrl()}/upload?encrypted_query_param=${encodeURIComponent(main.uploadParam)}&filekey=${encodeURIComponent(common.filekey)}`;
  sendIlinkJson(
    ctx.res,
    core.opts.uploadFullUrl
      ? {
          upload_param: main.uploadParam,
          ...(thumb ? { thumb_upload_param: thumb.uploadParam } : {}),
          upload_full_url: fullUrl,
        }
      : { upload_param: main.uploadParam, thumb_upload_param: thumb?.uploadParam ?? '' },
  );
}

function cdnError(ctx: RequestContext, status: number, message: string): void {
  send(ctx.res, status, 'text/plain', message, { 'x-error-message': message });
}

/** `POST {cdn}/upload?encrypted_query_param=…&filekey=…`: ciphertext in, `x-encrypted-param` out. */
export async function handleCdnUpload(
  core: IlinkCore,
  ctx: RequestContext,
  omitParam: boolean,
): Promise<void> {
  if (ctx.method !== 'POST') {
    send(ctx.res, 404, 'text/html', '<html><body>404 Not Found</body></html>');
    return;
  }
  const p = core.cdn.upload(ctx.query.get('encrypted_query_param') ?? '');
  let body: Buffer;
  try {
    body = await readBody(ctx.req, core.opts.maxUploadBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) cdnError(ctx, 413, 'file too large');
    return;
  }
  if (!p) return cdnError(ctx, 400, 'invalid encrypted_query_param');
  if (ctx.query.get('filekey') !== p.filekey)
    return cdnError(ctx, 400, 'filekey does not match the upload ticket');
  if (p.used) return cdnError(ctx, 400, 'upload ticket already used');
  if (body.length !== p.filesize) {
    return cdnError(ctx, 400, `body is ${body.length} bytes, getuploadurl said filesize ${p.filesize}`);
  }
  let plain: Buffer;
  try {
    plain = aesEcbDecrypt(body, p.key);
  } catch {
    return cdnError(ctx, 400, 'cannot decrypt with the aeskey given to getuploadurl');
  }
  if (plain.length !== p.rawsize || md5Hex(plain) !== p.rawMd5) {
    return cdnError(ctx, 400, 'decrypted file does not match rawsize/rawfilemd5');
  }
  if (omitParam) {
    send(ctx.res, 200, 'text/plain', '');
    return;
  }
  p.used = true;
  const blob = core.cdn.put({
    ciphertext: body,
    plaintext: plain,
    key: p.key,
    origin: 'bot',
    botId: p.botId,
    mediaType: p.mediaType,
  });
  core.emit('cdn.upload', `bot ${p.botId} uploaded ${plain.length} bytes${p.thumb ? ' (thumbnail)' : ''}`);
  send(ctx.res, 200, 'text/plain', '', { 'x-encrypted-param': blob.downloadParam });
}

/** `GET {cdn}/download?encrypted_query_param=…`: the stored ciphertext. */
export function handleCdnDownload(core: IlinkCore, ctx: RequestContext): void {
  if (ctx.method !== 'GET') {
    send(ctx.res, 404, 'text/html', '<html><body>404 Not Found</body></html>');
    return;
  }
  const blob = core.cdn.get(ctx.query.get('encrypted_query_param') ?? '');
  if (blob) send(ctx.res, 200, 'application/octet-stream', blob.ciphertext);
  else cdnError(ctx, 404, 'file not found');
}
