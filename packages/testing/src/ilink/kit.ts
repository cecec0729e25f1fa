import type { Bot } from '@wxbot/core';
import { createIlinkBot, type IlinkAdapter, type IlinkAdapterOptions } from '@wxbot/ilink';
import {
  createIlinkSimulator,
  type IlinkDelivered,
  type IlinkSentMessage,
  type IlinkSimulator,
  type IlinkSimulatorOptions,
  type IlinkUser,
} from '@wxbot/simulator';
import { loadPlugins } from '../plugin-entries.js';
import type { TestBotOptions } from '../test-bot.js';
import {
  ChatTranscript,
  type ExpectNoReplyOptions,
  type ExpectReplyOptions,
  type ReplyExpectation,
  type SentSource,
} from '../transcript.js';

/** Options of {@link createTestBot} with `transport: 'ilink'` (the iLink simulator, over real HTTP). */
export interface IlinkTestBotOptions
  extends Omit<TestBotOptions, 'simulator' | 'cast' | 'transport' | 'timeScale' | 'clock' | 'bot'> {
  readonly transport: 'ilink';
  /** The person who scans the bot's QR and then talks to it (iLink has direct messages only). Default `alice`. */
  readonly owner?: string;
  /** Extra iLink adapter options (rules, typing…). */
  readonly adapter?: Omit<IlinkAdapterOptions, 'connectTo' | 'storage'>;
  /** Extra simulator options (holds, window, quota…). */
  readonly simulator?: IlinkSimulatorOptions;
}

/** What the bot sent to the owner, as a transcript reads it (the simulator's record in `raw`). */
export interface IlinkTranscriptMessage {
  readonly kind: string;
  /** The text of a text item; `''` for media. */
  readonly text: string;
  readonly to: { readonly wxid: string };
  /** The simulator's record: outcome, context token, decrypted media… */
  readonly raw: IlinkSentMessage;
}

/** The owner in an iLink transcript. */
export interface IlinkTestFriend {
  readonly handle: IlinkUser;
  /** The owner writes a text to the bot (a new turn). */
  says(text: string): IlinkDelivered;
  expectsReply(
    expected: ReplyExpectation<IlinkTranscriptMessage>,
    options?: ExpectReplyOptions,
  ): Promise<IlinkTranscriptMessage>;
  expectNoReply(options?: ExpectNoReplyOptions): Promise<void>;
  readonly sent: readonly IlinkTranscriptMessage[];
}

/** A bot on the iLink transport logged in to the simulator, with transcript helpers. Always `stop()` it. */
export interface IlinkTestBot {
  readonly transport: 'ilink';
  readonly bot: Bot<IlinkAdapter>;
  readonly sim: IlinkSimulator;
  /** The owner by name; iLink bots talk to nobody else, so another name throws a clear error. */
  friend(name: string): IlinkTestFriend;
  /** iLink has no groups: this throws a clear error. */
  group(topic: string): never;
  /** Everything delivered to the owner, in order. */
  readonly sent: readonly IlinkTranscriptMessage[];
  stop(): Promise<void>;
}

const toTranscript = (m: IlinkSentMessage): IlinkTranscriptMessage => ({
  kind: m.kind,
  text: m.text ?? '',
  to: { wxid: m.toUserId },
  raw: m,
});

/** Start the iLink simulator and a bot logged in to it by QR (see `createTestBot({ transport: 'ilink' })`). */
export async function createIlinkTestBot(options: IlinkTestBotOptions): Promise<IlinkTestBot> {
  const sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    ...options.simulator,
  });
  const owner = sim.user(options.owner ?? 'alice');
  const bot = createIlinkBot({
    ...options.adapter,
    connectTo: sim.url,
    login: { pollIntervalMs: 5, ...options.adapter?.login },
    poll: { minEmptyPollIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 }, ...options.adapter?.poll },
    outbox: { journal: false, ...(options.pacing === false ? { pacing: false as const } : {}) },
  });
  try {
    await loadPlugins(bot, options.plugins);
    await options.setup?.(bot as unknown as Bot);
    const started = bot.start();
    owner.login(await owner.waitForQr());
    await started;
  } catch (error) {
    await bot.stop().catch(() => undefined);
    await sim.close();
    throw error;
  }
  return new IlinkKit(bot, sim, owner);
}

class IlinkKit implements IlinkTestBot {
  readonly transport = 'ilink';
  private friendKit: IlinkTestFriend | undefined;

  constructor(
    readonly bot: Bot<IlinkAdapter>,
    readonly sim: IlinkSimulator,
    private readonly owner: IlinkUser,
  ) {}

  get sent(): readonly IlinkTranscriptMessage[] {
    return this.owner.received.map(toTranscript);
  }

  friend(name: string): IlinkTestFriend {
    const owner = this.owner;
    if (name !== owner.name) {
      throw new Error(
        `friend "${name}": an iLink bot talks only to the person who scanned its QR ("${owner.name}"); use kit.friend('${owner.name}') or the owner option`,
      );
    }
    if (this.friendKit) return this.friendKit;
    const source: SentSource<IlinkTranscriptMessage> = {
      get sent() {
        return owner.received.map(toTranscript);
      },
      waitForSent: (predicate, timeoutMs) => owner.waitForReply((m) => predicate(toTranscript(m)), timeoutMs),
    };
    const transcript = new ChatTranscript<IlinkTranscriptMessage>(
      source,
      () => ({ wxid: owner.userId }),
      `friend "${name}"`,
    );
    this.friendKit = {
      handle: owner,
      says: (text) => owner.says(text),
      expectsReply: (expected, opts) => transcript.expectsReply(expected, opts),
      expectNoReply: (opts) => transcript.expectNoReply(opts),
      get sent() {
        return transcript.sent;
      },
    };
    return this.friendKit;
  }

  group(topic: string): never {
    throw new Error(
      `group "${topic}": iLink has no groups (bot.capabilities.groups is false); use the owner, or transport 'web'`,
    );
  }

  async stop(): Promise<void> {
    try {
      await this.bot.stop();
    } finally {
      await this.sim.close();
    }
  }
}
