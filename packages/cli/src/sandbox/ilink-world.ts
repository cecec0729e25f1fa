import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIlinkSimulator, type IlinkSimulator, type IlinkUser } from '@wxbot/simulator';
import type { SandboxCast } from '../config/schema.js';
import type { TransportExtras } from '../runtime/transports.js';

/** An in-process iLink simulator for `--sandbox --transport ilink`, and what the bot needs to use it. */
export interface IlinkSandboxWorld {
  readonly sim: IlinkSimulator;
  /** The one person who talks to the bot (iLink is direct messages with the account's owner). */
  readonly user: IlinkUser;
  /** Their display name (the cast's first friend, else "You"). */
  readonly userName: string;
  /** A temp session file (deleted by `close`): the sandbox never touches the real session. */
  readonly sessionFile: string;
  /** iLink adapter options that fit this simulator (short polls and backoffs). */
  readonly ilink: NonNullable<TransportExtras['ilink']>;
  close(): Promise<void>;
}

/**
 * Starts the iLink simulator for the sandbox. Its scripted user scans and confirms the bot's QR by
 * itself. With `fast`, every hold is tens of ms (tests).
 *
 * @example
 * const world = await startIlinkSandbox(config.sandbox.cast, { fast: false });
 */
export async function startIlinkSandbox(
  cast: SandboxCast,
  options: { fast: boolean },
): Promise<IlinkSandboxWorld> {
  const fast = options.fast;
  const sim = await createIlinkSimulator({
    updatesHoldMs: fast ? 100 : 2_000,
    longPollTimeoutMs: fast ? 150 : 2_500,
    qrHoldMs: fast ? 30 : 500,
  });
  const userName = cast.friends[0]?.nickName ?? 'You';
  const user = sim.user(userName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'you');
  let closed = false;
  // The scripted user confirms every QR the bot shows (a new one after an expiry too).
  const confirmQrs = async () => {
    while (!closed) {
      try {
        user.login(await user.waitForQr(1_000));
        return;
      } catch {
        // No QR yet (or the simulator is closing): wait for the next one.
      }
    }
  };
  void confirmQrs();
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-sandbox-ilink-'));
  return {
    sim,
    user,
    userName,
    sessionFile: join(dir, 'session.json'),
    ilink: {
      // iLink gives ids only; the sandbox knows its user's name, so the chat and logs show it.
      names: { [user.userId]: userName },
      login: { pollIntervalMs: fast ? 5 : 200 },
      poll: {
        minEmptyPollIntervalMs: 0,
        backoff: fast ? { baseMs: 10, maxMs: 50 } : { baseMs: 200, maxMs: 2000 },
      },
    },
    close: async () => {
      closed = true;
      await sim.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}
