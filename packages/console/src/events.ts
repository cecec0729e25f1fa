import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type ApiDeps, listPlugins } from './api.js';
import { statusOf } from './status.js';

/**
 * `GET /api/events`: one Server-Sent Events stream per open page. Events: `login` (the Login
 * view), `status` (every `statusEveryMs` and after each message), `message` (a chat message and
 * its chat's summary), `log` (a log record), `plugins` (after any plugin change).
 */
export function eventStream(
  c: Context,
  deps: ApiDeps,
  statusEveryMs: number,
  pluginsChanged: { on(fn: () => void): () => void },
) {
  return streamSSE(c, async (stream) => {
    const offs: (() => void)[] = [];
    let closed = false;
    let chain = Promise.resolve();
    // Writes go one after another; a closed page stops the stream.
    const send = (event: string, data: unknown) => {
      if (closed) return;
      chain = chain
        .then(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
        .catch(() => {
          closed = true;
        });
    };
    const status = () => send('status', statusOf(deps.bot, deps.chats, deps.rate, deps.now));
    const onLogin = (view: unknown) => send('login', view);
    const onMessage = (view: unknown, chat: unknown) => {
      send('message', { message: view, chat });
      status();
    };
    deps.login.on('change', onLogin);
    deps.chats.on('message', onMessage);
    offs.push(
      () => deps.login.off('change', onLogin),
      () => deps.chats.off('message', onMessage),
    );
    if (deps.logTail) offs.push(deps.logTail.subscribe((entry) => send('log', entry)));
    offs.push(
      pluginsChanged.on(
        () =>
          void listPlugins(deps).then(
            (p) => send('plugins', p),
            () => undefined,
          ),
      ),
    );
    const timer = setInterval(status, statusEveryMs);
    offs.push(() => clearInterval(timer));
    send('hello', { at: Date.now() });
    // The page read /api/state before it opened this stream: a login step (a new QR) or a status change
    // in between would be lost, leaving the page on a stale phase. Send the current ones on every connect.
    send('login', deps.login.view);
    status();
    await new Promise<void>((resolve) => {
      stream.onAbort(() => resolve());
      offs.push(() => resolve());
    });
    closed = true;
    for (const off of offs) off();
  });
}
