import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Simulator, type SimulatorOptions } from '@wxbot/simulator';
import { WebWxClient } from '../../src/adapters/web/client/client.js';
import type { WebWxClientOptions } from '../../src/adapters/web/client/options.js';

/** Short holds so long-polls cycle in tens of ms. */
export const FAST_SIM: SimulatorOptions = { loginHoldMs: 100, syncHoldMs: 150 };

/**
 * Client options for tests: short long-polls, tiny backoff, no keep-alive. The request deadline is
 * generous (no test waits for it): a loaded CI machine took over 5 s to answer a plain jslogin.
 */
export function fastClientOptions(sim: Simulator, extra: WebWxClientOptions = {}): WebWxClientOptions {
  return {
    connectTo: sim.url,
    timeouts: { request: 30_000, loginPoll: 2000, syncCheck: 2000, upload: 10_000, download: 10_000 },
    backoff: { baseMs: 20, maxMs: 200 },
    syncCheckMinIntervalMs: 10,
    sessionSaveDelayMs: 10,
    keepAliveMs: 0,
    ...extra,
  };
}

/** A temp dir for session files, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-core-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Scans and confirms every QR the client shows (the phone side of a QR login). */
export function autoScan(client: WebWxClient, sim: Simulator): void {
  client.on('qr', (qr) => {
    setTimeout(() => sim.phone.login(qr.uuid), 5);
  });
}

/** Starts a simulator and a client; `done()` stops both. */
export async function setup(
  simOptions: SimulatorOptions = {},
  clientOptions: WebWxClientOptions = {},
): Promise<{ sim: Simulator; client: WebWxClient; done: () => Promise<void> }> {
  const sim = await createSimulator({ ...FAST_SIM, ...simOptions });
  const client = new WebWxClient(fastClientOptions(sim, clientOptions));
  return {
    sim,
    client,
    done: async () => {
      await client.stop();
      await sim.close();
    },
  };
}

/** Resolves with the first event payload matching `pred`. */
export function waitFor<T>(
  subscribe: (cb: (v: T) => void) => () => void,
  pred: (v: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const off = subscribe((v) => {
      if (pred(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

/**
 * A simulator with one friend (Alice) and a temp folder for the session file, fresh for each
 * test; clients made with `newClient` are stopped after it.
 */
export function useSessionWorld(): {
  readonly sim: Simulator;
  readonly dir: string;
  newClient(extra?: WebWxClientOptions): WebWxClient;
} {
  let sim: Simulator | undefined;
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const clients: WebWxClient[] = [];
  beforeEach(async () => {
    sim = await createSimulator({
      ...FAST_SIM,
      cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] },
    });
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    await sim?.close();
    await cleanup();
  });
  return {
    get sim() {
      if (!sim) throw new Error('useSessionWorld: no simulator outside a test');
      return sim;
    },
    get dir() {
      return dir;
    },
    newClient(extra: WebWxClientOptions = {}) {
      if (!sim) throw new Error('useSessionWorld: no simulator outside a test');
      const c = new WebWxClient(fastClientOptions(sim, { sessionFile: join(dir, 'session.json'), ...extra }));
      clients.push(c);
      return c;
    },
  };
}
