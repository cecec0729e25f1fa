import { SimulatorError } from '../errors.js';
import { SendWindow } from '../send-window.js';
import { type Binding, Bots } from './bots.js';
import { CdnStore } from './cdn-store.js';
import { IlinkFaults } from './faults.js';
import { MessageIds, newUserId } from './ids.js';
import { ILINK_API_HOST, ILINK_CDN_HOST, ILINK_LITEAPP_HOST, type ResolvedIlinkOptions } from './options.js';
import { type QrLogin, QrLogins } from './qr-logins.js';
import type { IlinkSentMessage, IlinkTypingEvent } from './sent.js';

/** A notable thing that happened (printed by `wxbot-sim --protocol ilink`). Never contains secrets. */
export interface IlinkSimulatorEvent {
  /** e.g. `qr.new`, `qr.scan`, `qr.confirm`, `bind`, `unbind`, `user.sent`, `bot.sent`, `reject`, `fault`. */
  type: string;
  message: string;
}

/** A WeChat user known to the simulator. */
export interface IlinkUserRecord {
  readonly name: string;
  /** `ilink_user_id` (case-sensitive). */
  readonly userId: string;
}

/** The shared state behind one iLink simulator. */
export class IlinkCore {
  readonly bots = new Bots();
  readonly logins: QrLogins;
  readonly cdn = new CdnStore();
  readonly faults = new IlinkFaults();
  readonly ids = new MessageIds();
  readonly users = new Map<string, IlinkUserRecord>();
  readonly sendLog: IlinkSentMessage[] = [];
  readonly typing: IlinkTypingEvent[] = [];
  readonly timers = new Set<NodeJS.Timeout>();
  /** Why the last bot call was answered -14 (headers, token…), for test diagnostics. */
  lastRejection: string | undefined;
  port = 0;
  private offsetMs = 0;
  private readonly listeners = new Set<(e: IlinkSimulatorEvent) => void>();
  private readonly sentWaiters = new Set<() => void>();
  private readonly sendWindow = new SendWindow();

  constructor(readonly opts: ResolvedIlinkOptions) {
    this.logins = new QrLogins(
      () => opts.qrTtlMs,
      () => opts.maxVerifyAttempts,
    );
  }

  /** Simulator time: the clock option plus everything {@link advance} added. */
  get now(): number {
    return this.opts.now() + this.offsetMs;
  }

  /** Moves simulator time forward and re-evaluates every held long-poll. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new SimulatorError('BAD_REQUEST', 'time only moves forward');
    this.offsetMs += ms;
    this.logins.wake();
    this.bots.wakeAll();
  }

  /** setTimeout that is cancelled when the simulator closes. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  onEvent(fn: (e: IlinkSimulatorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(type: string, message: string): void {
    for (const l of this.listeners) l({ type, message });
  }

  /** The user called `name`, created (with a fresh `ilink_user_id`) on first use. */
  user(name: string, userId?: string): IlinkUserRecord {
    let u = this.users.get(name);
    if (!u) {
      u = { name, userId: userId ?? newUserId() };
      this.users.set(name, u);
    } else if (userId !== undefined && userId !== u.userId) {
      throw new SimulatorError('BAD_REQUEST', `user ${name} already has id ${u.userId}`);
    }
    return u;
  }

  /** The scripted user with this `ilink_user_id` (exact, case-sensitive match). */
  userById(userId: string): IlinkUserRecord | undefined {
    for (const u of this.users.values()) if (u.userId === userId) return u;
    return undefined;
  }

  /** The user's live binding, or a typed error. */
  bindingOf(name: string): Binding {
    const u = this.users.get(name);
    const b = u ? this.bots.ofOwner(u.userId) : undefined;
    if (!b) throw new SimulatorError('NOT_BOUND', `user ${name} is not bound to a bot (scan a QR first)`);
    return b;
  }

  /** A QR login by handle, or the newest pending one. */
  qr(qrcode?: string): QrLogin {
    const l = qrcode ? this.logins.get(qrcode) : this.logins.pending(this.now);
    if (!l) {
      throw new SimulatorError(
        'NO_QR',
        qrcode ? `unknown qrcode ${qrcode}` : 'no QR code is waiting for a scan (call get_bot_qrcode first)',
      );
    }
    return l;
  }

  /** `https://ilinkai.weixin.qq.com` (or the local URL in `publicUrls: 'local'` mode). */
  apiBaseUrl(host: string = ILINK_API_HOST): string {
    return this.opts.publicUrls === 'local' ? `http://127.0.0.1:${this.port}` : `https://${host}`;
  }

  /** `https://novac2c.cdn.weixin.qq.com/c2c` (or local). */
  cdnBaseUrl(): string {
    return this.opts.publicUrls === 'local'
      ? `http://127.0.0.1:${this.port}/c2c`
      : `https://${ILINK_CDN_HOST}/c2c`;
  }

  /** The landing-page URL a QR code encodes. */
  landingUrl(qrcode: string): string {
    const base =
      this.opts.publicUrls === 'local' ? `http://127.0.0.1:${this.port}` : `https://${ILINK_LITEAPP_HOST}`;
    return `${base}/q/7GiQu1?qrcode=${qrcode}&bot_type=3`;
  }

  /** Records one sendmessage call and wakes waiters. */
  recordSend(m: Omit<IlinkSentMessage, 'index'>): IlinkSentMessage {
    const rec = { ...m, index: this.sendLog.length };
    this.sendLog.push(rec);
    for (const w of [...this.sentWaiters]) w();
    return rec;
  }

  /** Waits until `pick` finds something in the send log (or throws TIMEOUT). */
  waitForSend<T>(pick: () => T | undefined, timeoutMs: number): Promise<T> {
    const found = pick();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const v = pick();
        if (v === undefined) return;
        clearTimeout(timer);
        this.sentWaiters.delete(check);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.sentWaiters.delete(check);
        reject(new SimulatorError('TIMEOUT', `nothing matching was sent within ${timeoutMs} ms`));
      }, timeoutMs);
      this.sentWaiters.add(check);
    });
  }

  /** True when the automatic send rate limit is exceeded (and counts this send otherwise). */
  rateLimited(): boolean {
    const rl = this.opts.sendRateLimit;
    return rl !== undefined && !this.sendWindow.take(rl, this.now);
  }
}
