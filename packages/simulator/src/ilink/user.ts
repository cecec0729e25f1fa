import { SimulatorError } from '../errors.js';
import type { Binding } from './bots.js';
import type { IlinkCore } from './core.js';
import { buildItem, buildMessage, type IlinkUserMessageSpec } from './inbound.js';
import { confirmQr, type IlinkScanOptions, scanQr } from './qr-api.js';
import type { IlinkSentMessage } from './sent.js';

/** A message the scripted user put into the bot's queue. */
export interface IlinkDelivered {
  /** Server `message_id` (uint64). */
  messageId: bigint;
  seq: number;
  /** The context token this message opened (the reply credential). */
  contextToken: string;
  /** The `WeixinMessage` as the bot will receive it. */
  json: Record<string, unknown>;
}

/** The bot identity a user is bound to. */
export interface IlinkBotInfo {
  botId: string;
  /** The Bearer token (a secret on the real service). */
  token: string;
  baseurl: string;
  online: boolean;
  /** The last `base_info` the bot sent. */
  baseInfo: Record<string, unknown> | undefined;
}

/** Options of a user message beyond its content (scenario knobs of protocol.md §16). */
export interface IlinkSayOptions {
  /** `2` puts a BOT-type echo (from the bot's own id) into the queue instead of a user message. */
  messageType?: 1 | 2;
  /** Fills `group_id` (declared by the protocol, never seen filled: an off-by-default scenario). */
  groupId?: string;
}

const toInfo = (b: Binding): IlinkBotInfo => ({
  botId: b.botId,
  token: b.token,
  baseurl: b.baseurl,
  online: b.online,
  baseInfo: b.lastBaseInfo,
});

/**
 * A scripted WeChat user: scans QR codes, writes to the bot, lets time pass, unbinds. Obtained with
 * `sim.user(name)`.
 *
 * @example
 * const alice = sim.user('alice');
 * const qr = await alice.waitForQr();
 * alice.scan(qr); alice.confirm(qr);          // or alice.login()
 * alice.says('ping');
 * const reply = await alice.waitForReply();   // what the bot sent back
 */
export class IlinkUser {
  constructor(
    private readonly core: IlinkCore,
    readonly name: string,
  ) {}

  /** `ilink_user_id` (case-sensitive, `o9cq80…@im.wechat`). */
  get userId(): string {
    return this.core.user(this.name).userId;
  }

  /** The live binding, if the user is bound. */
  get bot(): IlinkBotInfo | undefined {
    const b = this.core.bots.ofOwner(this.userId);
    return b ? toInfo(b) : undefined;
  }

  /** Waits for a QR code that nobody has scanned yet (the newest), returns its `qrcode`. */
  waitForQr(timeoutMs = 5000): Promise<string> {
    const core = this.core;
    const now = core.logins.pending(core.now);
    if (now) return Promise.resolve(now.qrcode);
    return new Promise((resolve, reject) => {
      const off = core.logins.onCreate((l) => {
        clearTimeout(timer);
        off();
        resolve(l.qrcode);
      });
      const timer = setTimeout(() => {
        off();
        reject(new SimulatorError('TIMEOUT', `no QR code was requested within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /**
   * Scans a QR (default: the newest waiting one). With `verifyCode` the poller must send the code from
   * {@link verifyCodeFor}; with `redirect` it is sent to another host. If the installation listed this
   * user's live token in `local_token_list`, the QR ends as `binded_redirect`.
   */
  scan(qrcode?: string, opts: IlinkScanOptions = {}): string {
    const l = this.core.qr(qrcode);
    scanQr(this.core, l, this.name, opts);
    return l.qrcode;
  }

  /** The pair code shown on this user's phone for a QR in `need_verifycode`. */
  verifyCodeFor(qrcode?: string): string {
    const l = this.core.qr(
      qrcode ??
        this.core.logins
          .all()
          .reverse()
          .find((x) => x.user === this.name)?.qrcode,
    );
    if (!l.verifyCode) throw new SimulatorError('QR_STATE', `QR ${l.qrcode} shows no pair code`);
    return l.verifyCode;
  }

  /** Confirms the login on the phone: a new binding; a previous binding's token gets -14 from now on. */
  confirm(qrcode?: string): IlinkBotInfo {
    const l = this.core.qr(
      qrcode ??
        this.core.logins
          .all()
          .reverse()
          .find((x) => x.user === this.name)?.qrcode,
    );
    if (l.user !== this.name)
      throw new SimulatorError('QR_STATE', `QR ${l.qrcode} was not scanned by ${this.name}`);
    confirmQr(this.core, l);
    return toInfo(this.core.bindingOf(this.name));
  }

  /** Scan and confirm in one step (no pair code, no redirect). */
  login(qrcode?: string): IlinkBotInfo {
    return this.confirm(this.scan(qrcode));
  }

  /** Expires a QR now (`expired` on the next poll). */
  expireQr(qrcode?: string): void {
    this.core.logins.expire(this.core.qr(qrcode), this.core.now);
  }

  /** Removes the ClawBot binding: the bot's token gets -14 on every later call. */
  unbind(): void {
    const b = this.core.bindingOf(this.name);
    this.core.bots.revoke(b);
    this.core.emit('unbind', `${this.name} unbound bot ${b.botId}`);
  }

  /** Sends a text to the bot. */
  says(text: string, opts: IlinkSayOptions = {}): IlinkDelivered {
    return this.send({ kind: 'text', text }, opts);
  }

  /** Sends any message kind (text, image, voice, file, video, quote). Opens a new turn. */
  send(spec: IlinkUserMessageSpec, opts: IlinkSayOptions = {}): IlinkDelivered {
    const core = this.core;
    const b = core.bindingOf(this.name);
    const c = core.bots.conversation(b, this.userId);
    const echo = opts.messageType === 2;
    const token =
      echo && c.latestToken ? c.latestToken : core.bots.openTurn(c, core.now, core.opts.quotaPerTurn);
    return this.enqueue(b, spec, token, echo, opts.groupId);
  }

  /** Delivers the same content again with a new `message_id` and the same context token (duplicate delivery). */
  duplicate(of: IlinkDelivered): IlinkDelivered {
    const core = this.core;
    const b = core.bindingOf(this.name);
    const messageId = core.ids.take();
    const m = core.bots.enqueue(
      b,
      messageId,
      (seq) => ({ ...of.json, seq, message_id: messageId }),
      core.opts.backlogLimit,
    );
    return { messageId, seq: m.seq, contextToken: of.contextToken, json: m.json };
  }

  /** Everything the bot delivered to this user, in order. */
  get received(): IlinkSentMessage[] {
    return this.core.sendLog.filter((s) => s.outcome === 'delivered' && s.toUserId === this.userId);
  }

  /** Whether the bot shows "typing…" to this user now. */
  get typing(): boolean {
    const b = this.core.bots.ofOwner(this.userId);
    return b?.conversations.get(this.userId)?.typing ?? false;
  }

  /**
   * Waits for the first message delivered to this user that matches `pred`, skipping the first `since`
   * deliveries (default 0: already delivered messages count, like the Web phone's `waitForSent`).
   */
  waitForReply(
    pred: (m: IlinkSentMessage) => boolean = () => true,
    timeoutMs = 5000,
    since = 0,
  ): Promise<IlinkSentMessage> {
    return this.core.waitForSend(() => this.received.slice(since).find(pred), timeoutMs);
  }

  private enqueue(
    b: Binding,
    spec: IlinkUserMessageSpec,
    token: string,
    echo: boolean,
    groupId: string | undefined,
  ): IlinkDelivered {
    const core = this.core;
    const item = buildItem(core, b.botId, spec);
    const messageId = core.ids.take();
    const timeMs = core.now;
    const m = core.bots.enqueue(
      b,
      messageId,
      (seq) =>
        buildMessage({
          seq,
          messageId,
          from: echo ? b.botId : this.userId,
          to: echo ? this.userId : b.botId,
          timeMs,
          messageType: echo ? 2 : 1,
          item,
          contextToken: token,
          ...(groupId === undefined ? {} : { groupId }),
        }),
      core.opts.backlogLimit,
    );
    core.emit('user.sent', `${this.name} → bot ${b.botId}: ${spec.kind}`);
    return { messageId, seq: m.seq, contextToken: token, json: m.json };
  }
}
