import { type SimulatorServer, startSimulatorServer } from '../http-server.js';
import { IlinkCore, type IlinkSimulatorEvent } from './core.js';
import type { IlinkFaults } from './faults.js';
import { type IlinkSimulatorOptions, type ResolvedIlinkOptions, resolveIlinkOptions } from './options.js';
import { createIlinkListener } from './router.js';
import type { IlinkSentMessage, IlinkTypingEvent } from './sent.js';
import { IlinkUser } from './user.js';

/** A snapshot of the iLink simulator (also `GET /__sim/status`). */
export interface IlinkSimulatorStatus {
  protocol: 'ilink';
  url: string;
  port: number;
  /** Simulator time in ms. */
  now: number;
  users: Array<{ name: string; userId: string; botId: string | null; online: boolean }>;
  /** QR codes waiting for a scan. */
  pendingQr: string | null;
  sentCount: number;
  /** Why the last bot call got -14, if any (headers, token…). */
  lastRejection: string | null;
}

/**
 * A running iLink simulator: the bot API (`ilinkai.weixin.qq.com`), the media CDN
 * (`novac2c.cdn.weixin.qq.com/c2c`) and the QR landing page on one port, plus scripted users.
 */
export interface IlinkSimulator {
  /** `http://127.0.0.1:PORT`: a client's base URL (and its CDN base + `/c2c`). */
  readonly url: string;
  readonly port: number;
  readonly options: ResolvedIlinkOptions;
  readonly faults: IlinkFaults;
  /**
   * The scripted user called `name`, created on first use with a fresh `ilink_user_id` (or the given
   * `userId`, e.g. the fixtures' `o9cq80Tq3xV7bLmN2pRs8dKf4hWc@im.wechat`).
   */
  user(name: string, opts?: { userId?: string }): IlinkUser;
  /** The scripted user who owns the default auto-confirm login (`'owner'`). */
  readonly owner: IlinkUser;
  /** Messages delivered to users, in order. */
  readonly sent: readonly IlinkSentMessage[];
  /** Every `sendmessage` call with its outcome (delivered, dropped, refused, rate-limited, invalid). */
  readonly sendLog: readonly IlinkSentMessage[];
  /** Every `sendtyping` call that was accepted. */
  readonly typingEvents: readonly IlinkTypingEvent[];
  /** Simulator time in ms (the clock option plus {@link advanceTime}). */
  now(): number;
  /** Lets time pass: QR TTLs, the reply window and typing tickets see it at once. */
  advanceTime(ms: number): void;
  /** Decrypted bytes of a CDN file by its download parameter (`encrypt_query_param`). */
  cdnFile(encryptQueryParam: string): Buffer | undefined;
  status(): IlinkSimulatorStatus;
  onEvent(listener: (e: IlinkSimulatorEvent) => void): () => void;
  /** Stops listening and drops every connection, held long-polls included. */
  close(): Promise<void>;
}

/**
 * Starts an iLink simulator on 127.0.0.1 (random port by default).
 *
 * @example
 * const sim = await createIlinkSimulator({ publicUrls: 'local', updatesHoldMs: 50, qrHoldMs: 50 });
 * // a client: POST `${sim.url}/ilink/bot/get_bot_qrcode?bot_type=3` …
 * sim.owner.login(await sim.owner.waitForQr());
 * sim.owner.says('ping');
 * const reply = await sim.owner.waitForReply();
 * await sim.close();
 */
export async function createIlinkSimulator(options: IlinkSimulatorOptions = {}): Promise<IlinkSimulator> {
  const opts = resolveIlinkOptions(options);
  const core = new IlinkCore(opts);
  const users = new Map<string, IlinkUser>();
  const user = (name: string, o: { userId?: string } = {}): IlinkUser => {
    core.user(name, o.userId);
    let u = users.get(name);
    if (!u) {
      u = new IlinkUser(core, name);
      users.set(name, u);
    }
    return u;
  };
  let server: SimulatorServer | undefined;
  const sim: IlinkSimulator = {
    get url() {
      return `http://127.0.0.1:${core.port}`;
    },
    get port() {
      return core.port;
    },
    options: opts,
    faults: core.faults,
    user,
    get owner() {
      return user(opts.autoConfirm?.user ?? 'owner');
    },
    get sent() {
      return core.sendLog.filter((s) => s.outcome === 'delivered');
    },
    get sendLog() {
      return core.sendLog;
    },
    get typingEvents() {
      return core.typing;
    },
    now: () => core.now,
    advanceTime: (ms) => core.advance(ms),
    cdnFile: (p) => core.cdn.get(p)?.plaintext,
    status: () => ({
      protocol: 'ilink',
      url: sim.url,
      port: core.port,
      now: core.now,
      users: [...core.users.values()].map((u) => {
        const b = core.bots.ofOwner(u.userId);
        return { name: u.name, userId: u.userId, botId: b?.botId ?? null, online: b?.online ?? false };
      }),
      pendingQr: core.logins.pending(core.now)?.qrcode ?? null,
      sentCount: core.sendLog.filter((s) => s.outcome === 'delivered').length,
      lastRejection: core.lastRejection ?? null,
    }),
    onEvent: (l) => core.onEvent(l),
    close: async () => {
      for (const t of core.timers) clearTimeout(t);
      core.timers.clear();
      await server?.close();
    },
  };
  server = await startSimulatorServer(createIlinkListener(core, sim), opts.port, opts.listenHost);
  core.port = server.port;
  return sim;
}
