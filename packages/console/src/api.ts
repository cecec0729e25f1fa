import { type Bot, CapabilityError } from '@wxbot/core';
import { Hono } from 'hono';
import type { ChatLog } from './chat-log.js';
import type { PluginManager, SandboxBridge } from './host.js';
import type { LogTail } from './log-tail.js';
import type { LoginState } from './login-state.js';
import { pluginViews } from './plugins-view.js';
import { type SendRate, statusOf } from './status.js';

/** What the API routes work on. */
export interface ApiDeps {
  readonly bot: Bot;
  readonly login: LoginState;
  readonly chats: ChatLog;
  readonly rate: SendRate;
  readonly logTail: LogTail | undefined;
  readonly plugins: PluginManager | undefined;
  readonly sandbox: SandboxBridge | undefined;
  /** The bot's time (decides whether a reply window is open). */
  readonly now: () => number;
}

const MAX_TEXT = 4000;

function problem(message: string): { error: string } {
  return { error: message };
}

function messageOf(error: unknown): string {
  const raw = (error as { message?: unknown } | null)?.message;
  return typeof raw === 'string' ? raw : String(error);
}

async function jsonBody(req: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await req.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The refusal of a send that never reached the outbox (the transport's checks run before it is
 * queued: iLink's reply window closed, the turn's quota used up, a kind it cannot carry), else
 * undefined: the send is queued and its outcome comes later as `sent` or `failed`. Those checks
 * reject synchronously, so they have settled once the pending microtasks ran (`setImmediate`).
 */
async function refusedAtOnce(
  sending: Promise<unknown>,
): Promise<{ readonly message: string; readonly code: string } | undefined> {
  let refusal: { message: string; code: string } | undefined;
  sending.catch((error: unknown) => {
    if (error instanceof CapabilityError) refusal ??= { message: error.message, code: error.code };
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return refusal;
}

/** The plugin list the page shows (the host's, joined with live status; else the bot's own). */
export async function listPlugins(deps: ApiDeps) {
  const statuses = deps.bot.pluginStatus();
  return pluginViews(deps.plugins ? await deps.plugins.list() : [], statuses);
}

/**
 * The console's JSON API under `/api` (authentication, Host and Origin checks happen before).
 * Reads: state, status, chats, messages, contacts, media, plugins, logs, sandbox cast. Writes:
 * send (through the outbox), verify code, plugin options / enable / reload, sandbox say.
 */
export function apiRoutes(deps: ApiDeps): Hono {
  const { bot, chats, login } = deps;
  const api = new Hono();

  api.get('/state', async (c) =>
    c.json({
      login: login.view,
      status: statusOf(bot, chats, deps.rate, deps.now),
      chats: chats.list(),
      plugins: await listPlugins(deps),
      pluginsManaged: deps.plugins !== undefined,
      sandbox: deps.sandbox?.cast(),
    }),
  );
  api.get('/status', (c) => c.json(statusOf(bot, chats, deps.rate, deps.now)));
  api.get('/login', (c) => c.json(login.view));
  api.post('/login/verify-code', async (c) => {
    const body = await jsonBody(c.req.raw);
    const code = body?.code;
    if (typeof code !== 'string' || !/^\d{1,12}$/.test(code.trim())) {
      return c.json(problem('expected { code: "the digits shown on the phone" }'), 400);
    }
    if (!login.answerVerifyCode(code.trim()))
      return c.json(problem('no verify code is being asked for now'), 409);
    return c.json({ ok: true });
  });

  api.get('/chats', (c) => c.json(chats.list()));
  api.get('/chats/:id/messages', (c) => c.json(chats.messages(c.req.param('id'))));
  api.get('/contacts', (c) => {
    const people = bot.contacts.friends().map((f) => ({ id: f.userName, name: f.name, isGroup: false }));
    const groups = bot.contacts.groups().map((g) => ({ id: g.userName, name: g.name, isGroup: true }));
    return c.json([...groups, ...people].slice(0, 2000));
  });
  api.post('/send', async (c) => {
    const body = await jsonBody(c.req.raw);
    const to = body?.to;
    const text = body?.text;
    if (typeof to !== 'string' || to === '' || typeof text !== 'string' || text.trim() === '') {
      return c.json(problem('expected { to: "<chat id>", text: "…" } with a non-empty text'), 400);
    }
    if (text.length > MAX_TEXT)
      return c.json(problem(`text too long (${text.length} > ${MAX_TEXT} characters)`), 400);
    if (!bot.contacts.get(to) && chats.messages(to).length === 0) {
      return c.json(problem('unknown chat: pick one from the list'), 404);
    }
    // Queued in the outbox like any reply: paced, journaled, retried; the page sees it on `sent`.
    const refused = await refusedAtOnce(bot.send({ kind: 'text', to, text }));
    if (refused !== undefined) return c.json({ error: refused.message, code: refused.code }, 409);
    return c.json({ queued: true }, 202);
  });
  api.get('/media/:id', async (c) => {
    const message = chats.image(c.req.param('id'));
    if (!message) return c.json(problem('no such image (only recent images are kept)'), 404);
    try {
      const result = await bot.download(message);
      if (!result.data) return c.json(problem('the image could not be read'), 502);
      const type = /^image\/[a-z0-9.+-]+$/i.test(result.contentType)
        ? result.contentType
        : 'application/octet-stream';
      return c.body(new Uint8Array(result.data), 200, {
        'content-type': type,
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
    } catch (error) {
      return c.json(problem(`download failed: ${messageOf(error)}`), 502);
    }
  });

  api.get('/plugins', async (c) => c.json(await listPlugins(deps)));
  const managed = (name: string, act: (m: PluginManager) => Promise<unknown>) => async () => {
    if (!deps.plugins)
      return {
        status: 409 as const,
        body: problem('plugins are managed by the program, not from the console'),
      };
    try {
      return { status: 200 as const, body: await act(deps.plugins) };
    } catch (error) {
      return { status: 400 as const, body: problem(`${name}: ${messageOf(error)}`) };
    }
  };
  api.post('/plugins/:name/options', async (c) => {
    const name = c.req.param('name');
    const body = await jsonBody(c.req.raw);
    if (body === undefined || !('options' in body)) return c.json(problem('expected { options: {…} }'), 400);
    const r = await managed(name, (m) => m.setOptions(name, body.options))();
    return c.json(r.body, r.status);
  });
  api.post('/plugins/:name/enabled', async (c) => {
    const name = c.req.param('name');
    const body = await jsonBody(c.req.raw);
    if (typeof body?.enabled !== 'boolean') return c.json(problem('expected { enabled: true | false }'), 400);
    const enabled = body.enabled;
    const r = await managed(name, (m) => m.setEnabled(name, enabled))();
    return c.json(r.body, r.status);
  });
  api.post('/plugins/:name/reload', async (c) => {
    const name = c.req.param('name');
    const r = await managed(name, (m) => m.reload(name))();
    return c.json(r.body, r.status);
  });

  api.get('/logs', (c) => c.json(deps.logTail?.entries() ?? []));

  api.get('/sandbox', (c) =>
    deps.sandbox ? c.json(deps.sandbox.cast()) : c.json(problem('not running with --sandbox'), 404),
  );
  api.post('/sandbox/say', async (c) => {
    if (!deps.sandbox) return c.json(problem('not running with --sandbox'), 404);
    const body = await jsonBody(c.req.raw);
    const as = body?.as;
    const group = body?.group;
    const text = body?.text;
    if (
      typeof as !== 'string' ||
      typeof text !== 'string' ||
      text.trim() === '' ||
      (group !== undefined && typeof group !== 'string')
    ) {
      return c.json(problem('expected { as: "Alice", group?: "Weekend Hikers", text: "…" }'), 400);
    }
    if (text.length > MAX_TEXT)
      return c.json(problem(`text too long (${text.length} > ${MAX_TEXT} characters)`), 400);
    let said: { readonly chat?: string } | undefined;
    try {
      said = await deps.sandbox.say({ as, text, ...(group ? { group } : {}) });
    } catch (error) {
      return c.json(problem(messageOf(error)), 400);
    }
    const chat = said?.chat ?? bot.contacts.find(group || as)[0]?.userName;
    return c.json({ ok: true, chat }, 202);
  });

  return api;
}
