import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotOptions } from '@wxbot/core';
import {
  type ContactHandle,
  createSimulator,
  type PersonInit,
  type Simulator,
  type SimulatorCast,
  type SimulatorOptions,
} from '@wxbot/simulator';
import type { SandboxCast } from '../config/schema.js';

/** The env var that makes the sandbox fast (short long-polls, time 100× faster): for tests and CI. */
export const SANDBOX_FAST_ENV = 'WXBOT_SANDBOX_FAST';

/** An in-process simulated WeChat for `--sandbox`, and what the bot needs to use it. */
export interface SandboxWorld {
  readonly sim: Simulator;
  /** A temp session file (deleted by `close`): the sandbox never touches the real session. */
  readonly sessionFile: string;
  /** Bot options that fit this simulator (holds, backoffs, clock in fast mode). */
  readonly botExtra: Partial<BotOptions>;
  /** True in fast mode ({@link SANDBOX_FAST_ENV}). */
  readonly fast: boolean;
  /** The bot's name in the cast (what `@bot` turns into). */
  readonly botName: string;
  /** The bot's own name in a group (its group nickname, else its nickname). */
  botNameIn(group: ContactHandle): string;
  close(): Promise<void>;
}

/** Simulator cast from the config's cast: names become people with stable wxids; non-friend members are strangers. */
export function simulatorCast(cast: SandboxCast): SimulatorCast {
  const friends: PersonInit[] = [];
  const strangers: PersonInit[] = [];
  const byName = new Map<string, string>();
  const add = (init: PersonInit, list: PersonInit[]): string => {
    const known = byName.get(init.nickName);
    if (known !== undefined) return known;
    const wxid = `wxid_sandbox${String(byName.size + 1).padStart(4, '0')}`;
    byName.set(init.nickName, wxid);
    list.push({ ...init, wxid });
    return wxid;
  };
  for (const f of cast.friends) {
    add(
      {
        nickName: f.nickName,
        ...(f.remarkName !== undefined ? { remarkName: f.remarkName } : {}),
        ...(f.alias !== undefined ? { alias: f.alias } : {}),
      },
      friends,
    );
  }
  const groups = cast.groups.map((g, index) => ({
    topic: g.topic,
    wxid: `${2000000000 + index}@chatroom`,
    members: g.members.map((name) => byName.get(name) ?? add({ nickName: name }, strangers)),
    ...(g.selfDisplayName !== undefined ? { displayNames: { self: g.selfDisplayName } } : {}),
  }));
  return { friends, strangers, groups };
}

/**
 * Starts the simulator for `--sandbox` with the config's cast; the simulated phone confirms the
 * login by itself. With `fast`, every hold is tens of ms and time runs 100× faster (pacing keeps
 * its shape, tests stay quick).
 *
 * @example
 * const world = await startSandbox(config.sandbox.cast, { fast: env.WXBOT_SANDBOX_FAST === '1' });
 */
export async function startSandbox(cast: SandboxCast, options: { fast: boolean }): Promise<SandboxWorld> {
  const fast = options.fast;
  // The test kit (and the iLink client it brings) loads only for the fast mode of tests and CI.
  const clock = fast ? (await import('@wxbot/testing')).acceleratedClock(100) : undefined;
  const simOptions: SimulatorOptions = {
    account: { nickName: cast.self.nickName },
    cast: simulatorCast(cast),
    autoConfirm: { delayMs: fast ? 5 : 200 },
    ...(fast ? { loginHoldMs: 100, syncHoldMs: 300, now: clock?.now } : {}),
  };
  const sim = await createSimulator(simOptions);
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-sandbox-'));
  const botExtra: Partial<BotOptions> = {
    keepAliveMs: 0,
    syncCheckMinIntervalMs: fast ? 0 : 100,
    backoff: fast ? { baseMs: 20, maxMs: 200 } : { baseMs: 200, maxMs: 2000 },
    sessionSaveDelayMs: fast ? 20 : 500,
    ...(clock !== undefined ? { clock } : {}),
  };
  const displayNames = new Map(
    cast.groups.flatMap((g) =>
      g.selfDisplayName !== undefined ? [[g.topic, g.selfDisplayName] as const] : [],
    ),
  );
  return {
    sim,
    sessionFile: join(dir, 'session.json'),
    botExtra,
    fast,
    botName: cast.self.nickName,
    botNameIn: (group) => displayNames.get(group.nickName) ?? cast.self.nickName,
    close: async () => {
      await sim.close();
      // Retried: a last session/ledger write of the stopping bot can race the removal (ENOTEMPTY).
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}
