import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseResponse } from './api-common.js';
import {
  handleGetIcon,
  handleGetMedia,
  handleGetMsgImg,
  handleGetVideo,
  handleGetVoice,
} from './api-download.js';
import {
  handleCreateChatroom,
  handleLogout,
  handleOplog,
  handleUpdateChatroom,
  handleVerifyUser,
} from './api-ops.js';
import {
  handleRevoke,
  handleSendApp,
  handleSendEmoticon,
  handleSendImg,
  handleSendMsg,
  handleSendVideo,
} from './api-send.js';
import { handleBatchGetContact, handleGetContact, handleInit, handleStatusNotify } from './api-session.js';
import { handleSync, handleSynccheck, synccheckBody } from './api-sync.js';
import { handleCheckUpload, handleUpload } from './api-upload.js';
import { handleControl } from './control-api.js';
import type { SimCore } from './core.js';
import type { HostRole } from './hosts.js';
import { type RequestContext, requestContext, send, sendJs, sendJsonText } from './http.js';
import {
  handleJslogin,
  handleLoginPoll,
  handleNewLoginPage,
  handlePushLogin,
  handleQrcode,
} from './login-handlers.js';
import type { Simulator } from './simulator.js';
import { toWireJson } from './wire/index.js';

type Handler = (core: SimCore, ctx: RequestContext) => void | Promise<void>;

const CGI = '/cgi-bin/mmwebwx-bin/';

/** Endpoints under `/cgi-bin/mmwebwx-bin/`, with the host roles that serve them. */
const ROUTES: Record<string, { roles: HostRole[]; handler: Handler }> = {
  login: { roles: ['login'], handler: handleLoginPoll },
  webwxnewloginpage: { roles: ['main'], handler: handleNewLoginPage },
  webwxpushloginurl: { roles: ['main', 'login'], handler: handlePushLogin },
  webwxinit: { roles: ['main'], handler: handleInit },
  webwxstatusnotify: { roles: ['main'], handler: handleStatusNotify },
  webwxgetcontact: { roles: ['main'], handler: handleGetContact },
  webwxbatchgetcontact: { roles: ['main'], handler: handleBatchGetContact },
  synccheck: { roles: ['push'], handler: handleSynccheck },
  webwxsync: { roles: ['main'], handler: handleSync },
  webwxsendmsg: { roles: ['main'], handler: handleSendMsg },
  webwxsendmsgimg: { roles: ['main'], handler: handleSendImg },
  webwxsendvideomsg: { roles: ['main'], handler: handleSendVideo },
  webwxsendappmsg: { roles: ['main'], handler: handleSendApp },
  webwxsendemoticon: { roles: ['main'], handler: handleSendEmoticon },
  webwxrevokemsg: { roles: ['main'], handler: handleRevoke },
  webwxuploadmedia: { roles: ['file'], handler: handleUpload },
  webwxcheckupload: { roles: ['main'], handler: handleCheckUpload },
  webwxgetmsgimg: { roles: ['main'], handler: handleGetMsgImg },
  webwxgetvoice: { roles: ['main'], handler: handleGetVoice },
  webwxgetvideo: { roles: ['main'], handler: handleGetVideo },
  webwxgetmedia: { roles: ['file'], handler: handleGetMedia },
  webwxgeticon: { roles: ['main'], handler: handleGetIcon },
  webwxgetheadimg: { roles: ['main'], handler: handleGetIcon },
  webwxoplog: { roles: ['main'], handler: handleOplog },
  webwxverifyuser: { roles: ['main'], handler: handleVerifyUser },
  webwxupdatechatroom: { roles: ['main'], handler: handleUpdateChatroom },
  webwxcreatechatroom: { roles: ['main'], handler: handleCreateChatroom },
  webwxlogout: { roles: ['main'], handler: handleLogout },
};

const JSON_ENDPOINTS = new Set(
  Object.keys(ROUTES).filter((k) => !['login', 'webwxnewloginpage', 'synccheck', 'webwxlogout'].includes(k)),
);

function findRoute(ctx: RequestContext): Handler | undefined {
  if (ctx.path === '/jslogin' && ctx.role === 'login') return handleJslogin;
  if (ctx.path.startsWith('/qrcode/') && ctx.role === 'login') return handleQrcode;
  if (!ctx.path.startsWith(CGI)) return undefined;
  const route = ROUTES[ctx.path.slice(CGI.length)];
  if (!route) return undefined;
  if (route.roles.includes(ctx.role)) return route.handler;
  // A known endpoint on a host of the wrong role: the real server's session error, not a 404.
  if (ctx.endpoint === 'synccheck') return (_c, x) => sendJs(x.res, synccheckBody(1100, 0));
  if (JSON_ENDPOINTS.has(ctx.endpoint)) {
    return (_c, x) => sendJsonText(x.res, toWireJson(baseResponse(1100)));
  }
  return undefined;
}

/** Applies the fault switches for one call; returns true when the request was consumed by a fault. */
async function applyFaults(core: SimCore, ctx: RequestContext): Promise<boolean> {
  const { delayMs, terminal } = core.faults.take(ctx.endpoint);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (!terminal) return false;
  core.emit('fault', `fault ${terminal.type} on ${ctx.endpoint}`);
  switch (terminal.type) {
    case 'reset':
      ctx.req.socket.destroy();
      return true;
    case 'http':
      send(ctx.res, terminal.status, 'text/html', `<html><body>${terminal.status}</body></html>`);
      return true;
    case 'retcode':
      sendJs(ctx.res, synccheckBody(terminal.code, 0));
      return true;
    case 'ret':
      sendJsonText(ctx.res, toWireJson(baseResponse(terminal.code)));
      return true;
    case 'selector':
      sendJs(ctx.res, synccheckBody(0, terminal.selector));
      return true;
    case 'stale':
    case 'continue':
      // Answered by the sync handler itself (it needs the session's log and keys).
      ctx.syncFault = terminal;
      return false;
    case 'malformed':
      // Deliberately truncated JSON: the one body that must not be valid.
      sendJsonText(ctx.res, toWireJson(baseResponse(0)).slice(0, -1));
      return true;
    default:
      return false;
  }
}

/** The request listener of the simulator's HTTP server. */
export function createRequestListener(core: SimCore, sim: Simulator) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = requestContext(req, res);
    const run = async (): Promise<void> => {
      if (ctx.path.startsWith('/__sim/')) {
        await handleControl(core, sim, ctx);
        return;
      }
      const handler = findRoute(ctx);
      if (!handler) {
        send(res, 404, 'text/html', '<html><body>404 Not Found</body></html>');
        return;
      }
      if (await applyFaults(core, ctx)) return;
      await handler(core, ctx);
    };
    run().catch((err: unknown) => {
      core.emit(
        'error',
        `internal error on ${ctx.endpoint}: ${err instanceof Error ? err.message : String(err)}`,
      );
      send(res, 500, 'text/plain', 'internal simulator error');
    });
  };
}
