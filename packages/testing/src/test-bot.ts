import { type Bot, type BotOptions, createBot } from '@wxbot/core';
import {
  type ContactHandle,
  createSimulator,
  type DeliveredMessage,
  type PersonInit,
  type SentMessage,
  type Simulator,
  type SimulatorOptions,
} from '@wxbot/simulator';
import { createIlinkTestBot, type IlinkTestBot, type IlinkTestBotOptions } from './ilink/kit.js';
import { createMemoryTestBot, type MemoryTestBot, type MemoryTestBotOptions } from './memory/kit.js';
import { loadPlugins, type PluginEntry } from './plugin-entries.js';
import { createTestClock, isVirtualClock, type TestClock, type TestClockKind } from './test-clock.js';
import { holdClockForTraffic, type TrafficHolds } from './traffic-holds.js';
import {
  ChatTranscript,
  type ExpectNoReplyOptions,
  type ExpectReplyOptions,
  expandBotMention,
  type ReplyExpectation,
  type Says,
} from './transcript.js';

export type { PluginEntry } from './plugin-entries.js';

/** A group of the test cast: its name and its members' names (non-friends become strangers). */
export interface CastGroup {
  readonly topic: string;
  readonly members: readonly string[];
  /** The bot's group nickname (群昵称) in this group. */
  readonly botDisplayName?: string;
  /** Members' group nicknames, by member name. */
  readonly displayNames?: Readonly<Record<string, string>>;
}

/** Who exists when the bot logs in. Names are nicknames; people are created as needed. */
export interface TestCast {
  readonly friends?: readonly (string | PersonInit)[];
  readonly groups?: readonly CastGroup[];
}

/** Options of {@link createTestBot} on the Web WeChat simulator (the default transport). */
export interface TestBotOptions {
  /** The transport to test on: `web` (the Web WeChat simulator, default), `ilink` or `memory`. */
  readonly transport?: 'web';
  /** Plugins to load, in order: a plugin, or `[plugin, options]`. */
  readonly plugins?: readonly PluginEntry[];
  /** Register middleware on the bot before it starts. */
  readonly setup?: (bot: Bot) => void | Promise<void>;
  /** Friends and groups that exist at login. More can be made later with `friend()` / `group()`. */
  readonly cast?: TestCast;
  /**
   * How much faster than real time the bot's clock (outbox pacing, plugin timers) and the
   * simulator's clock run. Default 100: a 2 s pause between replies takes 20 ms.
   */
  readonly timeScale?: number;
  /**
   * The clock of the bot and the simulator: `accelerated` (default, `timeScale` × wall time) or
   * `virtual` (time stands still while messages travel and jumps when the system is idle: exact
   * pacing and deadlines on any machine). See {@link TestClockKind}.
   */
  readonly clock?: TestClockKind;
  /** Outbox pacing as in production (`true`, default) or off (`false`). */
  readonly pacing?: boolean;
  /**
   * Extra bot options (deadlines, concurrency, outbox…). Every duration here runs on the kit's
   * clock: at `timeScale` 100, `deadlineMs: 1000` is 10 ms of real time. The default
   * deadline is production's (30 000), so paced replies fit in it exactly as they would live.
   */
  readonly bot?: Omit<BotOptions, 'connectTo' | 'clock'>;
  /** Extra simulator options (holds, account, rate limits…). */
  readonly simulator?: Omit<SimulatorOptions, 'now' | 'cast'>;
}

/** A friend in a test transcript. */
export interface TestFriend {
  readonly handle: ContactHandle;
  /** The friend sends a text (or any message kind) to the bot. */
  says(message: Says): DeliveredMessage;
  /** Wait for the bot's next message to this friend and check it. */
  expectsReply(expected: ReplyExpectation, options?: ExpectReplyOptions): Promise<SentMessage>;
  /** Check the bot sends this friend nothing more for a while. */
  expectNoReply(options?: ExpectNoReplyOptions): Promise<void>;
  /** Everything the bot sent to this friend. */
  readonly sent: readonly SentMessage[];
}

/** A member of a test group. */
export interface TestMember {
  readonly handle: ContactHandle;
  /** The member writes in the group; `@bot` becomes a real mention of the bot. */
  says(message: Says): DeliveredMessage;
}

/** A group in a test transcript. */
export interface TestGroup {
  readonly handle: ContactHandle;
  /** A member by name (added to the group, as a stranger, if needed). */
  member(name: string): TestMember;
  /** Wait for the bot's next message in this group and check it. */
  expectsReply(expected: ReplyExpectation, options?: ExpectReplyOptions): Promise<SentMessage>;
  expectNoReply(options?: ExpectNoReplyOptions): Promise<void>;
  readonly sent: readonly SentMessage[];
}

/** A running simulator and a logged-in bot, with transcript helpers. Always `stop()` it. */
export interface TestBot {
  readonly transport: 'web';
  readonly bot: Bot;
  readonly sim: Simulator;
  readonly clock: TestClock;
  /** A friend by nickname (created if new). */
  friend(name: string): TestFriend;
  /** A group by name (created with the bot alone if new). */
  group(topic: string): TestGroup;
  /** Everything the bot sent, in order. */
  readonly sent: readonly SentMessage[];
  /** Stop the bot and the simulator. */
  stop(): Promise<void>;
}

function castToSimulator(cast: TestCast): NonNullable<SimulatorOptions['cast']> {
  const friends: PersonInit[] = [];
  const strangers: PersonInit[] = [];
  const wxidByName = new Map<string, string>();
  const person = (init: PersonInit, list: PersonInit[]): string => {
    const known = wxidByName.get(init.nickName);
    if (known) return known;
    const wxid = init.wxid ?? `wxid_kit${String(wxidByName.size + 1).padStart(6, '0')}`;
    wxidByName.set(init.nickName, wxid);
    list.push({ ...init, wxid });
    return wxid;
  };
  for (const f of cast.friends ?? []) person(typeof f === 'string' ? { nickName: f } : f, friends);
  const groups = (cast.groups ?? []).map((g, index) => {
    const members = g.members.map((name) => wxidByName.get(name) ?? person({ nickName: name }, strangers));
    const displayNames: Record<string, string> = {};
    for (const [name, display] of Object.entries(g.displayNames ?? {})) {
      const wxid = wxidByName.get(name);
      if (wxid) displayNames[wxid] = display;
    }
    if (g.botDisplayName) displayNames.self = g.botDisplayName;
    return { topic: g.topic, wxid: `${1000000000 + index}@chatroom`, members, displayNames };
  });
  return { friends, strangers, groups };
}

/**
 * Start a simulator and a bot logged in to it, with your plugins and middleware, and get
 * transcript helpers to talk to it. Time runs `timeScale` times faster for the bot and the
 * simulator, so paced replies do not make tests slow.
 *
 * @example
 * const kit = await createTestBot({ setup: (bot) => bot.hears('ping', (ctx) => ctx.reply('pong')) });
 * try {
 *   const alice = kit.friend('alice');
 *   alice.says('ping');
 *   await alice.expectsReply('pong');
 *   kit.group('Hikers').member('bob').says('@bot hi');
 * } finally {
 *   await kit.stop();
 * }
 */
export async function createTestBot(options?: TestBotOptions): Promise<TestBot>;
export async function createTestBot(options: MemoryTestBotOptions): Promise<MemoryTestBot>;
export async function createTestBot(options: IlinkTestBotOptions): Promise<IlinkTestBot>;
export async function createTestBot(
  options: TestBotOptions | MemoryTestBotOptions | IlinkTestBotOptions = {},
): Promise<TestBot | MemoryTestBot | IlinkTestBot> {
  if (options.transport === 'memory') return createMemoryTestBot(options);
  if (options.transport === 'ilink') return createIlinkTestBot(options);
  if (options.transport !== undefined && options.transport !== 'web') {
    throw new Error(
      `createTestBot: transport must be 'web', 'ilink' or 'memory' (got ${JSON.stringify(options.transport)})`,
    );
  }
  return createWebTestBot(options);
}

async function createWebTestBot(options: TestBotOptions): Promise<TestBot> {
  const clock = createTestClock(options.clock, options.timeScale);
  const errors: Error[] = [];
  const sim = await createSimulator({
    loginHoldMs: 200,
    syncHoldMs: 2000,
    autoConfirm: { delayMs: 5 },
    ...options.simulator,
    now: clock.now,
    cast: castToSimulator(options.cast ?? {}),
  });
  const bot = createBot({
    keepAliveMs: 0,
    syncCheckMinIntervalMs: 0,
    // The sync loop's back-off runs on the kit's clock: 20–200 ms of real time when accelerated.
    backoff: isVirtualClock(clock)
      ? { baseMs: 2000, maxMs: 20_000 }
      : { baseMs: 20 * clock.factor, maxMs: 200 * clock.factor },
    // Same as production: the deadline runs on the accelerated clock like the outbox's pacing, so
    // a handler sending a few paced replies to one chat (2–3 s apart) fits as it would live.
    deadlineMs: 30_000,
    ...options.bot,
    outbox: { ...(options.pacing === false ? { pacing: false as const } : {}), ...options.bot?.outbox },
    connectTo: sim.url,
    clock,
  });
  const traffic = isVirtualClock(clock) ? holdClockForTraffic(bot, clock) : undefined;
  const stopClock = (): void => {
    traffic?.dispose();
    if (isVirtualClock(clock)) clock.dispose();
  };
  try {
    await loadPlugins(bot, options.plugins);
    // Handler errors are kept so a failed expectation can show them (a setup's own bot.catch
    // wins); they are logged as the default handler would.
    bot.catch((error) => {
      errors.push(error);
      if (errors.length > 100) errors.shift();
      const fields = { err: error, plugin: error.plugin, messageId: error.messageId, code: error.code };
      const cause = error.cause as { code?: unknown } | undefined;
      if (cause?.code === 'SELF_REPLY') bot.logger.debug(fields, 'skipped a reply to the bot’s own message');
      else if (error.code === 'TIMEOUT') bot.logger.warn(fields, error.message);
      else bot.logger.error(fields, error.message);
    });
    await options.setup?.(bot);
    await bot.start();
  } catch (error) {
    await bot.stop().catch(() => undefined);
    await sim.close();
    stopClock();
    throw error;
  }
  return new Kit(bot, sim, clock, errors, traffic, stopClock);
}

class Kit implements TestBot {
  readonly transport = 'web';
  private readonly friends = new Map<string, TestFriend>();
  private readonly groups = new Map<string, TestGroup>();

  constructor(
    readonly bot: Bot,
    readonly sim: Simulator,
    readonly clock: TestClock,
    private readonly errors: readonly Error[] = [],
    private readonly traffic?: TrafficHolds,
    private readonly stopClock: () => void = () => undefined,
  ) {}

  /** A message just sent to the bot: on the virtual clock, time waits until the bot has it. */
  private delivered(message: DeliveredMessage): DeliveredMessage {
    this.traffic?.inbound(message.msgId);
    return message;
  }

  get sent(): readonly SentMessage[] {
    return this.sim.phone.sent;
  }

  friend(name: string): TestFriend {
    const known = this.friends.get(name);
    if (known) return known;
    const phone = this.sim.phone;
    const found = phone.find(name);
    const handle = found && found.kind === 'friend' ? found : phone.addFriend({ nickName: name });
    const transcript = new ChatTranscript(
      this.sim.phone,
      () => handle,
      `friend "${name}"`,
      () => this.errors,
    );
    const friend: TestFriend = {
      handle,
      says: (message) => this.delivered(phone.say(handle, message)),
      expectsReply: (expected, opts) => transcript.expectsReply(expected, opts),
      expectNoReply: (opts) => transcript.expectNoReply(opts),
      get sent() {
        return transcript.sent;
      },
    };
    this.friends.set(name, friend);
    return friend;
  }

  group(topic: string): TestGroup {
    const known = this.groups.get(topic);
    if (known) return known;
    const phone = this.sim.phone;
    const found = phone.find(topic);
    const handle = found && found.kind === 'group' ? found : phone.addGroup({ topic, members: [] });
    const transcript = new ChatTranscript(
      this.sim.phone,
      () => handle,
      `group "${topic}"`,
      () => this.errors,
    );
    const botName = (): string =>
      this.bot.contacts.member(handle.userName, this.bot.self?.userName ?? '')?.displayName ||
      (this.bot.self?.nickName ?? '');
    const member = (name: string): TestMember => {
      let person = phone.members(handle).find((m) => m.nickName === name);
      if (!person) {
        person = phone.find(name) ?? phone.addStranger({ nickName: name });
        phone.addMembers(handle, [person]);
      }
      const who = person;
      return {
        handle: who,
        says: (message) =>
          this.delivered(
            phone.sayInGroup(
              handle,
              who,
              typeof message === 'string' ? expandBotMention(message, botName()) : message,
            ),
          ),
      };
    };
    const group: TestGroup = {
      handle,
      member,
      expectsReply: (expected, opts) => transcript.expectsReply(expected, opts),
      expectNoReply: (opts) => transcript.expectNoReply(opts),
      get sent() {
        return transcript.sent;
      },
    };
    this.groups.set(topic, group);
    return group;
  }

  async stop(): Promise<void> {
    try {
      await this.bot.stop();
    } finally {
      await this.sim.close();
      this.stopClock();
    }
  }
}
