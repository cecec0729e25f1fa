import { holdLongPoll } from '../hold.js';
import { num, type RequestContext, send, str } from '../http.js';
import { toWireJson } from '../wire/json.js';
import type { Binding } from './bots.js';
import type { IlinkCore } from './core.js';
import { OK_EMPTY, SESSION_TIMEOUT, sendIlinkJson } from './wire.js';

/** The parsed, authenticated call a bot endpoint handles. */
export interface BotCall {
  readonly core: IlinkCore;
  readonly ctx: RequestContext;
  readonly bot: Binding;
  readonly body: Record<string, unknown>;
  /** `true` when a fault asked getupdates to answer at once. */
  readonly early?: boolean;
}

function updatesBody(core: IlinkCore, bot: Binding, cursor: string): string | undefined {
  if (bot.revoked) return toWireJson(SESSION_TIMEOUT);
  const { msgs } = core.bots.after(bot, cursor, core.opts.updatesBatchSize);
  const last = msgs.at(-1)?.seq;
  if (last === undefined) return undefined;
  return toWireJson({
    ret: 0,
    msgs: msgs.map((m) => m.json),
    get_updates_buf: core.bots.cursorFor(bot, last),
    longpolling_timeout_ms: core.opts.longPollTimeoutMs,
  });
}

function emptyUpdates(core: IlinkCore, bot: Binding, cursor: string): string {
  const { from } = core.bots.after(bot, cursor, 0);
  return toWireJson({
    ret: 0,
    msgs: [],
    get_updates_buf: core.bots.cursorFor(bot, from),
    longpolling_timeout_ms: core.opts.longPollTimeoutMs,
  });
}

/**
 * `ilink/bot/getupdates`: everything after the cursor's seq at once, otherwise held until a message
 * arrives or `updatesHoldMs` passes. An old cursor re-delivers; `""` or a foreign cursor starts from the
 * first retained message. A revoked binding answers -14, also while held.
 */
export function handleGetUpdates({ core, ctx, bot, body, early }: BotCall): void {
  const cursor = str(body, 'get_updates_buf') ?? '';
  const answer = (text: string): void => send(ctx.res, 200, 'application/json', text);
  if (early) {
    answer(updatesBody(core, bot, cursor) ?? emptyUpdates(core, bot, cursor));
    return;
  }
  holdLongPoll(
    ctx.res,
    core.opts.updatesHoldMs,
    (wake) => core.bots.subscribe(bot, wake),
    () => updatesBody(core, bot, cursor),
    () => emptyUpdates(core, bot, cursor),
    answer,
  );
}

/** `ilink/bot/getconfig`: a typing ticket once the user has written to the bot, else ret -4. */
export function handleGetConfig({ core, ctx, bot, body }: BotCall): void {
  const userId = str(body, 'ilink_user_id') ?? '';
  const c = bot.conversations.get(userId);
  if (!c || c.lastInboundAt === undefined) {
    sendIlinkJson(ctx.res, { ret: -4, errmsg: 'GetTypingTicket rpc failed' });
    return;
  }
  const ticket = core.bots.ticket(c, core.now, core.opts.typingTicketTtlMs);
  sendIlinkJson(ctx.res, { ret: 0, errmsg: '', typing_ticket: ticket });
}

/** `ilink/bot/sendtyping`: status 1 (typing) or 2 (cancel) with the user's current ticket. */
export function handleSendTyping({ core, ctx, bot, body }: BotCall): void {
  const userId = str(body, 'ilink_user_id') ?? '';
  const ticket = str(body, 'typing_ticket') ?? '';
  const status = num(body, 'status') ?? 1;
  const c = bot.conversations.get(userId);
  if (!c || c.lastInboundAt === undefined) {
    sendIlinkJson(ctx.res, { ret: -4, errmsg: 'no conversation with this user' });
    return;
  }
  if (!core.bots.ticketValid(c, ticket, core.now, core.opts.typingTicketTtlMs)) {
    sendIlinkJson(ctx.res, { ret: -1, errmsg: 'invalid typing_ticket' });
    return;
  }
  if (status !== 1 && status !== 2) {
    sendIlinkJson(ctx.res, { ret: -1, errmsg: 'status must be 1 (typing) or 2 (cancel)' });
    return;
  }
  c.typing = status === 1;
  core.typing.push({ botId: bot.botId, userId, status, timeMs: core.now });
  core.emit('bot.typing', `bot ${bot.botId} ${status === 1 ? 'typing' : 'stopped typing'}`);
  sendIlinkJson(ctx.res, OK_EMPTY);
}

/** `ilink/bot/msg/notifystart` and `msg/notifystop`: the bot says it is online / going offline. */
export function handleNotify(online: boolean): (call: BotCall) => void {
  return ({ core, ctx, bot }) => {
    bot.online = online;
    core.emit('bot.online', `bot ${bot.botId} ${online ? 'online' : 'offline'}`);
    sendIlinkJson(ctx.res, OK_EMPTY);
  };
}
