import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  parseJsonObject,
  type RequestContext,
  readBody,
  requestContext,
  send,
} from '../http.js';
import { authenticate } from './auth.js';
import {
  type BotCall,
  handleGetConfig,
  handleGetUpdates,
  handleNotify,
  handleSendTyping,
} from './bot-api.js';
import { handleCdnDownload, handleCdnUpload, handleGetUploadUrl } from './cdn-api.js';
import { handleIlinkControl } from './control-api.js';
import type { IlinkCore } from './core.js';
import type { IlinkEndpoint, IlinkFaultAction } from './faults.js';
import { ILINK_CDN_HOST, ILINK_LITEAPP_HOST } from './options.js';
import { handleGetBotQrcode, handleLandingPage, handleQrStatus } from './qr-api.js';
import { handleSendMessage } from './send-api.js';
import type { IlinkSimulator } from './simulator.js';
import { invalid, SESSION_TIMEOUT, sendIlinkJson, sendTruncatedJson } from './wire.js';

type HostRole = 'api' | 'cdn' | 'liteapp' | 'local';

function roleOf(host: string): HostRole {
  if (host === ILINK_CDN_HOST) return 'cdn';
  if (host === ILINK_LITEAPP_HOST) return 'liteapp';
  if (host === '' || host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[')) return 'local';
  return 'api';
}

const BOT_ROUTES: Record<
  string,
  { endpoint: IlinkEndpoint; handler: (c: BotCall, a?: IlinkFaultAction) => void }
> = {
  '/ilink/bot/getupdates': { endpoint: 'getupdates', handler: handleGetUpdates },
  '/ilink/bot/sendmessage': {
    endpoint: 'sendmessage',
    handler: (c, a) => handleSendMessage(c, a?.type === 'rateLimited'),
  },
  '/ilink/bot/getuploadurl': { endpoint: 'getuploadurl', handler: handleGetUploadUrl },
  '/ilink/bot/getconfig': { endpoint: 'getconfig', handler: handleGetConfig },
  '/ilink/bot/sendtyping': { endpoint: 'sendtyping', handler: handleSendTyping },
  '/ilink/bot/msg/notifystart': { endpoint: 'notifystart', handler: handleNotify(true) },
  '/ilink/bot/msg/notifystop': { endpoint: 'notifystop', handler: handleNotify(false) },
};

const notFound = (ctx: RequestContext): void =>
  send(ctx.res, 404, 'text/html', '<html><body>404 Not Found</body></html>');

/** Applies a fault; returns true when it answered the request (or dropped it). */
async function applyFault(
  core: IlinkCore,
  ctx: RequestContext,
  endpoint: IlinkEndpoint,
): Promise<IlinkFaultAction | 'done' | undefined> {
  const { delayMs, action } = core.faults.take(endpoint);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (!action) return undefined;
  core.emit('fault', `fault ${action.type} on ${endpoint}`);
  switch (action.type) {
    case 'reset':
      ctx.req.socket.destroy();
      return 'done';
    case 'http':
      send(ctx.res, action.status, 'text/html', `<html><body>${action.status}</body></html>`);
      return 'done';
    case 'errcode':
      sendIlinkJson(ctx.res, {
        ret: action.code,
        errcode: action.code,
        errmsg: action.errmsg ?? (action.code === -14 ? 'session timeout' : ''),
      });
      return 'done';
    case 'malformed':
      sendTruncatedJson(ctx.res, { ret: 0 });
      return 'done';
    default:
      return action;
  }
}

async function serveBot(core: IlinkCore, ctx: RequestContext, path: string): Promise<void> {
  const route = BOT_ROUTES[path];
  if (!route || ctx.method !== 'POST') return notFound(ctx);
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req, 1024 * 1024);
  } catch (e) {
    if (e instanceof BodyTooLargeError) send(ctx.res, 413, 'text/plain', 'body too large');
    return;
  }
  const fault = await applyFault(core, ctx, route.endpoint);
  if (fault === 'done') return;
  const bot = authenticate(core, ctx.req.headers);
  if (typeof bot === 'string') return sendIlinkJson(ctx.res, SESSION_TIMEOUT);
  const body = parseJsonObject(raw);
  if (!body) return sendIlinkJson(ctx.res, invalid('request body must be a JSON object'));
  const info = body.base_info;
  if (info !== null && typeof info === 'object' && !Array.isArray(info))
    bot.lastBaseInfo = info as Record<string, unknown>;
  route.handler({ core, ctx, bot, body, early: fault?.type === 'early' }, fault);
}

async function serveQr(core: IlinkCore, ctx: RequestContext, path: string): Promise<void> {
  if (path === '/ilink/bot/get_bot_qrcode' && (ctx.method === 'POST' || ctx.method === 'GET')) {
    if ((await applyFault(core, ctx, 'get_bot_qrcode')) === 'done') return;
    return handleGetBotQrcode(core, ctx);
  }
  if (path === '/ilink/bot/get_qrcode_status' && ctx.method === 'GET') {
    if ((await applyFault(core, ctx, 'get_qrcode_status')) === 'done') return;
    return handleQrStatus(core, ctx);
  }
  return serveBot(core, ctx, path);
}

async function serveCdn(core: IlinkCore, ctx: RequestContext): Promise<void> {
  if (ctx.path === '/c2c/upload') {
    const fault = await applyFault(core, ctx, 'upload');
    if (fault === 'done') return;
    return handleCdnUpload(core, ctx, fault?.type === 'noEncryptedParam');
  }
  if (ctx.path === '/c2c/download') {
    if ((await applyFault(core, ctx, 'download')) === 'done') return;
    return handleCdnDownload(core, ctx);
  }
  return notFound(ctx);
}

/**
 * The request listener: `/__sim/…` is the control API on any host; the CDN host serves `/c2c/…`, the
 * liteapp host the QR landing page, API hosts `/ilink/bot/…`. A local host (127.0.0.1, localhost)
 * serves all three, told apart by path.
 */
export function createIlinkListener(core: IlinkCore, sim: IlinkSimulator) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = requestContext(req, res);
    const role = roleOf(ctx.host);
    const run = async (): Promise<void> => {
      if (ctx.path.startsWith('/__sim/')) return handleIlinkControl(core, sim, ctx);
      if (ctx.path.startsWith('/c2c/') && (role === 'cdn' || role === 'local')) return serveCdn(core, ctx);
      if (ctx.path.startsWith('/q/') && ctx.method === 'GET' && (role === 'liteapp' || role === 'local')) {
        return handleLandingPage(core, ctx);
      }
      if (ctx.path.startsWith('/ilink/bot/') && (role === 'api' || role === 'local'))
        return serveQr(core, ctx, ctx.path);
      return notFound(ctx);
    };
    run().catch((err: unknown) => {
      core.emit(
        'error',
        `internal error on ${ctx.path}: ${err instanceof Error ? err.message : String(err)}`,
      );
      send(res, 500, 'text/plain', 'internal simulator error');
    });
  };
}
