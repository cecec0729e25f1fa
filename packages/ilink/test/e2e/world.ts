import {
  createIlinkSimulator,
  type IlinkSimulator,
  type IlinkSimulatorOptions,
  type IlinkUser,
} from '@wxbot/simulator';
import { IlinkClient, type IlinkClientOptions } from '../../src/client.js';
import type { IlinkMessage } from '../../src/messages/types.js';
import type { PollEnd, UpdatePoller } from '../../src/poll/poller.js';

/** A simulator, a client wired to it over real HTTP (real host names via connectTo), and cleanup. */
export interface E2eWorld {
  readonly sim: IlinkSimulator;
  readonly client: IlinkClient;
  readonly alice: IlinkUser;
  /** Starts the poller; every normalized message lands in `inbox`. */
  poll(): { poller: UpdatePoller; inbox: IlinkMessage[]; ended: Promise<PollEnd> };
  /** Waits until the inbox has `n` messages. */
  inboxed(n: number): Promise<IlinkMessage[]>;
  close(): Promise<void>;
}

const worlds: E2eWorld[] = [];

/** Closes every world made by the test. */
export async function closeWorlds(): Promise<void> {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
}

/** A simulator with short holds, and a client that follows the simulator's clock. */
export async function e2eWorld(
  simOptions: IlinkSimulatorOptions = {},
  clientOptions: Partial<IlinkClientOptions> = {},
): Promise<E2eWorld> {
  const sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    ...simOptions,
  });
  const client = new IlinkClient({
    connectTo: sim.url,
    now: () => sim.now(),
    cdnRetryDelayMs: 1,
    ...clientOptions,
  });
  const inbox: IlinkMessage[] = [];
  let poller: UpdatePoller | undefined;
  const waiters = new Set<() => void>();
  const world: E2eWorld = {
    sim,
    client,
    alice: sim.user('alice'),
    poll() {
      poller = client.poller({
        minEmptyPollIntervalMs: 0,
        backoff: { baseMs: 10, maxMs: 50 },
        onUpdates: (batch) => {
          for (const raw of batch.messages) inbox.push(client.receive(raw));
          for (const w of waiters) w();
        },
      });
      return { poller, inbox, ended: poller.run() };
    },
    inboxed(n) {
      if (inbox.length >= n) return Promise.resolve(inbox.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${inbox.length} of ${n} messages arrived`));
        }, 8000);
        const check = () => {
          if (inbox.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(inbox.slice());
        };
        waiters.add(check);
      });
    },
    async close() {
      await poller?.stop();
      client.close();
      await sim.close();
    },
  };
  worlds.push(world);
  return world;
}

/** Logs the client in as `user` (plain scan and confirm) and returns the world. */
export async function loggedIn(world: E2eWorld, user: IlinkUser = world.alice): Promise<E2eWorld> {
  const login = world.client.login({ pollIntervalMs: 5 });
  const qr = await user.waitForQr();
  user.login(qr);
  const result = await login;
  if (result.kind !== 'confirmed') throw new Error(`login ended as ${result.kind}`);
  return world;
}
