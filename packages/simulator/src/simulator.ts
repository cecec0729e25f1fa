import { SimCore, type SimulatorEvent } from './core.js';
import type { Faults } from './faults.js';
import type { MainHost } from './hosts.js';
import { type SimulatorServer, startSimulatorServer } from './http-server.js';
import {
  type ResolvedOptions,
  resolveOptions,
  type SimulatorCast,
  type SimulatorOptions,
} from './options.js';
import { Phone } from './phone.js';
import { createRequestListener } from './router.js';
import type { LoginMode } from './session.js';

/** A snapshot of the simulator's state (also `GET /__sim/status`). */
export interface SimulatorStatus {
  url: string;
  port: number;
  mainHost: MainHost;
  uin: number;
  loggedIn: boolean;
  mode: LoginMode | undefined;
  /** The bot's current UserName, when logged in. */
  userName: string | undefined;
  pendingLogin: string | undefined;
  sentCount: number;
  /** Sync events queued in the current session (delivered or not). */
  syncPosition: number;
}

/**
 * A running simulator. Point a Web WeChat client at {@link url} (keeping the real host names, e.g.
 * `http://wx2.qq.com:PORT/…`, or connecting to 127.0.0.1 with a real `Host` header).
 */
export interface Simulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The scripted phone: contacts, logins, incoming messages, what the bot sent. */
  readonly phone: Phone;
  /** Fault switches. */
  readonly faults: Faults;
  /** The options in effect. */
  readonly options: ResolvedOptions;
  /** Current state. */
  status(): SimulatorStatus;
  /** Subscribes to notable events (logins, sends, faults…); returns the unsubscribe function. */
  onEvent(listener: (e: SimulatorEvent) => void): () => void;
  /** Stops listening and drops every connection at once, held long-polls included. */
  close(): Promise<void>;
}

function applyCast(phone: Phone, cast: SimulatorCast): void {
  for (const f of cast.friends ?? []) phone.addFriend(f);
  for (const s of cast.strangers ?? []) phone.addStranger(s);
  for (const o of cast.officials ?? []) phone.addOfficial(o);
  for (const id of cast.specials ?? []) phone.addSpecial(id);
  for (const g of cast.groups ?? []) phone.addGroup(g);
}

/**
 * Starts a simulator on 127.0.0.1 (random port by default).
 *
 * @example
 * const sim = await createSimulator({ loginHoldMs: 50, syncHoldMs: 50, autoConfirm: { delayMs: 20 } });
 * const alice = sim.phone.addFriend({ nickName: 'Alice' });
 * // … run a client against `http://wx2.qq.com:${sim.port}` …
 * await sim.close();
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts = resolveOptions(options);
  const core = new SimCore(opts);
  const phone = new Phone(core);
  applyCast(phone, opts.cast);
  let server: SimulatorServer | undefined;
  const sim: Simulator = {
    get url() {
      return `http://127.0.0.1:${server?.port ?? 0}`;
    },
    get port() {
      return server?.port ?? 0;
    },
    phone,
    faults: core.faults,
    options: opts,
    status: () => {
      const s = core.session;
      return {
        url: sim.url,
        port: sim.port,
        mainHost: core.mainHost,
        uin: opts.account.uin,
        loggedIn: s !== undefined,
        mode: s?.mode,
        userName: s ? core.records.userName(s, core.world.self) : undefined,
        pendingLogin: phone.pendingLogin,
        sentCount: core.sent.length,
        syncPosition: s?.log.position ?? 0,
      };
    },
    onEvent: (l) => core.onEvent(l),
    close: async () => {
      for (const t of core.timers) clearTimeout(t);
      core.timers.clear();
      for (const s of core.sessions.values()) s.log.wakeAll();
      await server?.close();
    },
  };
  server = await startSimulatorServer(createRequestListener(core, sim), opts.port, opts.listenHost);
  return sim;
}
