import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { WxApiError } from '../../../errors.js';
import type { HttpRequest } from '../transport/http.js';
import { type ApiContext, apiUrl, CGI, type QueryValue, raw } from './context.js';

/** What to download (§9). */
export type DownloadTarget =
  | { readonly kind: 'image'; readonly msgId: string; readonly size?: 'slave' | 'big' }
  | { readonly kind: 'voice'; readonly msgId: string }
  | { readonly kind: 'video'; readonly msgId: string }
  | {
      readonly kind: 'file';
      readonly sender: string;
      readonly mediaId: string;
      readonly fileName: string;
      readonly encryFileName?: string;
    }
  | { readonly kind: 'avatar'; readonly userName: string; readonly chatRoomId?: string }
  | { readonly kind: 'group-avatar'; readonly userName: string }
  /** A relative path from the server, e.g. a HeadImgUrl or a location map link. */
  | { readonly kind: 'path'; readonly path: string };

/** Downloaded bytes with what the server said about them. */
export interface Downloaded {
  readonly data: Buffer;
  readonly contentType: string;
}

/** Where the bytes of a target live: endpoint name, URL and extra headers. */
export function downloadRequest(
  ctx: ApiContext,
  t: DownloadTarget,
): Pick<HttpRequest, 'endpoint' | 'url' | 'headers'> {
  const main = ctx.hosts.main;
  const skey = ctx.creds.skey;
  switch (t.kind) {
    case 'image': {
      const q: Record<string, QueryValue> = { MsgID: t.msgId, skey, type: t.size };
      return { endpoint: 'webwxgetmsgimg', url: apiUrl(main, `${CGI}/webwxgetmsgimg`, q) };
    }
    case 'voice':
      return {
        endpoint: 'webwxgetvoice',
        url: apiUrl(main, `${CGI}/webwxgetvoice`, { msgid: t.msgId, skey }),
      };
    case 'video':
      return {
        endpoint: 'webwxgetvideo',
        url: apiUrl(main, `${CGI}/webwxgetvideo`, { msgid: t.msgId, skey }),
        // Clients report the download fails without it.
        headers: { Range: 'bytes=0-' },
      };
    case 'file': {
      const ticket = ctx.http.cookie('webwx_data_ticket', `https://${ctx.hosts.file}/`) ?? '';
      const q: Record<string, QueryValue> = {
        sender: t.sender,
        mediaid: t.mediaId,
        encryfilename: t.encryFileName || undefined,
        filename: t.encryFileName ? undefined : t.fileName,
        fromuser: ctx.creds.uin,
        pass_ticket: raw(ctx.creds.passTicket),
        webwx_data_ticket: ticket,
      };
      return { endpoint: 'webwxgetmedia', url: apiUrl(ctx.hosts.file, `${CGI}/webwxgetmedia`, q) };
    }
    case 'avatar':
      return {
        endpoint: 'webwxgeticon',
        url: apiUrl(main, `${CGI}/webwxgeticon`, {
          seq: 0,
          username: t.userName,
          skey,
          chatroomid: t.chatRoomId || undefined,
        }),
      };
    case 'group-avatar':
      return {
        endpoint: 'webwxgetheadimg',
        url: apiUrl(main, `${CGI}/webwxgetheadimg`, { seq: 0, username: t.userName, skey }),
      };
    case 'path': {
      if (!t.path.startsWith('/'))
        throw new WxApiError('download', undefined, 'download: path must be relative to the main host');
      return { endpoint: 'download', url: `https://${main}${t.path}` };
    }
  }
}

function contentTypeOf(headers: Readonly<Record<string, unknown>>): string {
  const v = headers['content-type'];
  return typeof v === 'string' ? v : 'application/octet-stream';
}

/** Downloads a target into memory. An empty body (old message, expired session) is a WxApiError. */
export async function downloadToBuffer(
  ctx: ApiContext,
  t: DownloadTarget,
  signal?: AbortSignal,
): Promise<Downloaded> {
  const req = downloadRequest(ctx, t);
  const res = await ctx.http.buffer({
    ...req,
    timeoutMs: ctx.timeouts.download,
    signal,
    acceptStatus: [206],
  });
  if (res.data.length === 0) {
    throw new WxApiError(
      req.endpoint,
      undefined,
      `${req.endpoint}: empty answer (message too old or session expired)`,
    );
  }
  return { data: res.data, contentType: contentTypeOf(res.headers) };
}

/** Downloads a target straight to a file (written to a temp name, renamed when complete). */
export async function downloadToFile(
  ctx: ApiContext,
  t: DownloadTarget,
  file: string,
  signal?: AbortSignal,
): Promise<{ readonly file: string; readonly size: number; readonly contentType: string }> {
  const req = downloadRequest(ctx, t);
  const res = await ctx.http.stream({
    ...req,
    timeoutMs: ctx.timeouts.download,
    signal,
    acceptStatus: [206],
  });
  const tmp = `${file}.part-${process.pid}-${Date.now()}`;
  let size = 0;
  res.data.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  try {
    await pipeline(res.data, createWriteStream(tmp), signal ? { signal } : {});
    if (size === 0) {
      throw new WxApiError(
        req.endpoint,
        undefined,
        `${req.endpoint}: empty answer (message too old or session expired)`,
      );
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { file, size, contentType: contentTypeOf(res.headers) };
}
