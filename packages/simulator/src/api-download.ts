import { authFile, authQuery, sidFromCookies } from './auth.js';
import type { SimCore } from './core.js';
import { type RequestContext, send } from './http.js';
import { DEFAULT_BYTES } from './media.js';

/** Old messages and dead sessions get an empty 200 body, as on the real server. */
function empty(ctx: RequestContext): void {
  send(ctx.res, 200, 'text/plain', '');
}

/** Sends bytes honouring a `Range: bytes=a-b` header (206 + Content-Range). */
function sendRanged(
  ctx: RequestContext,
  bytes: Buffer,
  mime: string,
  headers: Record<string, string> = {},
): void {
  const range = ctx.req.headers.range;
  const m = typeof range === 'string' ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!m) {
    send(ctx.res, 200, mime, bytes, { 'Accept-Ranges': 'bytes', ...headers });
    return;
  }
  const total = bytes.length;
  let start = m[1] ? Number(m[1]) : total - Number(m[2] || '0');
  let end = m[1] && m[2] ? Number(m[2]) : total - 1;
  if (!m[1] && !m[2]) {
    start = 0;
    end = total - 1;
  }
  end = Math.min(end, total - 1);
  if (start < 0 || start > end || start >= total) {
    send(ctx.res, 416, 'text/plain', '', { 'Content-Range': `bytes */${total}` });
    return;
  }
  send(ctx.res, 206, mime, bytes.subarray(start, end + 1), {
    'Accept-Ranges': 'bytes',
    'Content-Range': `bytes ${start}-${end}/${total}`,
    ...headers,
  });
}

/** `GET webwxgetmsgimg?MsgID=&skey=[&type=slave|big]`: image, thumbnail or emoticon bytes. */
export function handleGetMsgImg(core: SimCore, ctx: RequestContext): void {
  if (!authQuery(core, ctx, true).ok) {
    empty(ctx);
    return;
  }
  const blob = core.media.byMsgId.get(ctx.query.get('MsgID') ?? ctx.query.get('msgid') ?? '');
  if (!blob) {
    empty(ctx);
    return;
  }
  const slave = ctx.query.get('type') === 'slave';
  const bytes = slave ? (blob.thumb ?? blob.bytes) : blob.bytes;
  const mime = slave && blob.thumb ? 'image/jpeg' : blob.mime.startsWith('image/') ? blob.mime : 'image/jpeg';
  send(ctx.res, 200, mime, bytes);
}

/** `GET webwxgetvoice?msgid=&skey=`: mp3 bytes. */
export function handleGetVoice(core: SimCore, ctx: RequestContext): void {
  if (!authQuery(core, ctx, true).ok) {
    empty(ctx);
    return;
  }
  const blob = core.media.byMsgId.get(ctx.query.get('msgid') ?? ctx.query.get('MsgID') ?? '');
  if (!blob) {
    empty(ctx);
    return;
  }
  send(ctx.res, 200, 'audio/mpeg', blob.bytes);
}

/** `GET webwxgetvideo?msgid=&skey=` with `Range` (required: without it the body is empty). */
export function handleGetVideo(core: SimCore, ctx: RequestContext): void {
  if (!authQuery(core, ctx, true).ok) {
    empty(ctx);
    return;
  }
  const blob = core.media.byMsgId.get(ctx.query.get('msgid') ?? ctx.query.get('MsgID') ?? '');
  if (!blob || ctx.req.headers.range === undefined) {
    empty(ctx);
    return;
  }
  sendRanged(ctx, blob.bytes, 'video/mp4');
}

/** `GET webwxgetmedia?mediaid=&…` on the file host: file bytes with Content-Disposition. */
export function handleGetMedia(core: SimCore, ctx: RequestContext): void {
  const auth = authFile(core, ctx, { sid: sidFromCookies(ctx), uin: undefined, skey: undefined });
  if (!auth.ok) {
    empty(ctx);
    return;
  }
  const qTicket = ctx.query.get('webwx_data_ticket');
  if (qTicket !== null && qTicket !== auth.session.dataTicket) {
    empty(ctx);
    return;
  }
  const blob = core.media.byMediaId.get(ctx.query.get('mediaid') ?? '');
  if (!blob) {
    empty(ctx);
    return;
  }
  const name = blob.fileName || 'file';
  sendRanged(ctx, blob.bytes, 'application/octet-stream', {
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

/** `GET webwxgeticon` / `webwxgetheadimg`: the contact's avatar (a default JPEG if none was set). */
export function handleGetIcon(core: SimCore, ctx: RequestContext): void {
  const auth = authQuery(core, ctx, true);
  if (!auth.ok) {
    empty(ctx);
    return;
  }
  const c = core.contactByUserName(auth.session, ctx.query.get('username') ?? '');
  if (!c) {
    empty(ctx);
    return;
  }
  if (ctx.endpoint === 'webwxgetheadimg' && c.kind !== 'group') {
    empty(ctx);
    return;
  }
  send(ctx.res, 200, 'image/jpeg', Buffer.from(c.avatar ?? DEFAULT_BYTES.jpeg));
}
