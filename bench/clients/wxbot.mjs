/**
 * The wxbot half of every client scenario — same spec as clients/wechat4u.mjs.
 *
 * TODO(wxbot): fill in `startClient` once `createBot` exists in @wxbot/core (dist). Expected shape:
 *
 *   import { createBot } from '@wxbot/core';
 *   import { loggerPlugin } from '@wxbot/plugin-logger';   // listen mode: logger plugin on (issue 10 §7)
 *
 *   export async function startClient(o) {
 *     const bot = createBot({ connectTo: o.serverUrl, login: { … }, outbox: { pacing: false } });
 *     bot.on('qr', (qr) => o.onUuid(qr.uuid));            // the scenario's phone confirms this uuid
 *     bot.on('ready', () => o.onReady());                  // must mean: contacts AND group members loaded
 *     bot.on('error', (e) => o.onError(e));
 *     if (o.mode === 'echo') bot.on('text', (ctx) => ctx.reply(ctx.text));     // reply to the chat (group or person)
 *     if (o.mode === 'listen') { let n = 0; bot.use(loggerPlugin(…)); bot.on('text', () => { if (++n === o.expect.texts) o.onReceivedAll(n); }); }
 *     await bot.start();                                    // must not block until logout
 *     return { stop: () => bot.stop() };
 *   }
 *
 * Contract (DriverOptions, see clients/wechat4u.mjs): o.serverUrl, o.mode ('echo'|'listen'|'contacts'),
 * o.expect { friends, groups, membersPerGroup, texts? }, o.onUuid(uuid), o.onReady(),
 * o.onReceivedAll(count), o.onError(err). Everything runs in the client child process; only its CPU
 * and RSS are measured.
 */

/** @param {import('./wechat4u.mjs').DriverOptions} _o */
export async function startClient(_o) {
  throw new Error('TODO(wxbot): bench/clients/wxbot.mjs startClient is not written yet (needs createBot)');
}
