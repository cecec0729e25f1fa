import { type Bot, createBot } from '@wxbot/core';
import { loadPlugins } from '../plugin-entries.js';
import type { TestBotOptions } from '../test-bot.js';
import { createTestClock, isVirtualClock, type TestClock } from '../test-clock.js';
import { holdClockForTraffic, type TrafficHolds } from '../traffic-holds.js';
import {
  ChatTranscript,
  type ExpectNoReplyOptions,
  type ExpectReplyOptions,
  type ReplyExpectation,
} from '../transcript.js';
import { MemoryAdapter, type MemoryAdapterOptions } from './adapter.js';
import { type MemoryPerson, type MemorySays, type MemorySent, MemoryWorld } from './world.js';

/** Options of {@link createTestBot} with `transport: 'memory'`. */
export interface MemoryTestBotOptions extends Omit<TestBotOptions, 'simulator' | 'cast' | 'transport'> {
  readonly transport: 'memory';
  /** People who exist at start (they become known to the bot when they write). */
  readonly cast?: { readonly friends?: readonly string[] };
  /** Capabilities of the in-memory transport to override. */
  readonly adapter?: MemoryAdapterOptions;
  /** Reuse a world (e.g. to restart a bot on the same "server"). */
  readonly world?: MemoryWorld;
}

/** A person in a memory-transport transcript. */
export interface MemoryTestFriend {
  readonly handle: MemoryPerson;
  /** The person writes to the bot. */
  says(message: MemorySays): { readonly msgId: string };
  expectsReply(expected: ReplyExpectation<MemorySent>, options?: ExpectReplyOptions): Promise<MemorySent>;
  expectNoReply(options?: ExpectNoReplyOptions): Promise<void>;
  readonly sent: readonly MemorySent[];
}

/** A bot on the in-memory transport, with transcript helpers. Always `stop()` it. */
export interface MemoryTestBot {
  readonly transport: 'memory';
  readonly bot: Bot<MemoryAdapter>;
  readonly world: MemoryWorld;
  readonly clock: TestClock;
  friend(name: string): MemoryTestFriend;
  /** The memory transport has no groups: this throws a clear error. */
  group(topic: string): never;
  readonly sent: readonly MemorySent[];
  stop(): Promise<void>;
}

/** Start a bot on a fresh in-memory world (see `createTestBot({ transport: 'memory' })`). */
export async function createMemoryTestBot(options: MemoryTestBotOptions): Promise<MemoryTestBot> {
  const clock = createTestClock(options.clock, options.timeScale);
  const world = options.world ?? new MemoryWorld({ now: clock.now });
  for (const name of options.cast?.friends ?? []) world.person(name);
  const adapter = new MemoryAdapter(world, options.adapter);
  const bot = createBot({
    deadlineMs: 30_000,
    ...options.bot,
    outbox: { ...(options.pacing === false ? { pacing: false as const } : {}), ...options.bot?.outbox },
    clock,
    adapter,
  });
  const traffic = isVirtualClock(clock) ? holdClockForTraffic(bot, clock) : undefined;
  const stopClock = (): void => {
    traffic?.dispose();
    if (isVirtualClock(clock)) clock.dispose();
  };
  try {
    await loadPlugins(bot, options.plugins);
    await options.setup?.(bot);
    await bot.start();
  } catch (error) {
    await bot.stop().catch(() => undefined);
    stopClock();
    throw error;
  }
  return new MemoryKit(bot, world, clock, traffic, stopClock);
}

class MemoryKit implements MemoryTestBot {
  readonly transport = 'memory';
  private readonly friends = new Map<string, MemoryTestFriend>();

  constructor(
    readonly bot: Bot<MemoryAdapter>,
    readonly world: MemoryWorld,
    readonly clock: TestClock,
    private readonly traffic?: TrafficHolds,
    private readonly stopClock: () => void = () => undefined,
  ) {}

  get sent(): readonly MemorySent[] {
    return this.world.sent;
  }

  friend(name: string): MemoryTestFriend {
    const known = this.friends.get(name);
    if (known) return known;
    const handle = this.world.person(name);
    const transcript = new ChatTranscript<MemorySent>(this.world, () => handle, `friend "${name}"`);
    const friend: MemoryTestFriend = {
      handle,
      says: (message) => {
        const delivered = this.world.say(handle, message);
        this.traffic?.inbound(delivered.msgId);
        return delivered;
      },
      expectsReply: (expected, opts) => transcript.expectsReply(expected, opts),
      expectNoReply: (opts) => transcript.expectNoReply(opts),
      get sent() {
        return transcript.sent;
      },
    };
    this.friends.set(name, friend);
    return friend;
  }

  group(topic: string): never {
    throw new Error(
      `group "${topic}": the memory transport has no groups (bot.capabilities.groups is false); use a friend, or transport 'web'`,
    );
  }

  async stop(): Promise<void> {
    try {
      await this.bot.stop();
    } finally {
      this.stopClock();
    }
  }
}
