/**
 * `@wxbot/testing`: test your bot and plugins end to end, on the Web WeChat simulator
 * (`@wxbot/simulator`, the default), on the iLink simulator (`transport: 'ilink'`) or on the in-memory
 * transport (`transport: 'memory'`), with
 * transcript helpers and accelerated or virtual time.
 *
 * @example
 * import { createTestBot } from '@wxbot/testing';
 * const kit = await createTestBot({ plugins: [[autoreply, { rules: [{ match: 'hi', reply: 'hello' }] }]] });
 * kit.friend('alice').says('hi');
 * await kit.friend('alice').expectsReply('hello');
 * await kit.stop();
 */
export { type AcceleratedClock, acceleratedClock } from './accelerated-clock.js';
export {
  createIlinkTestBot,
  type IlinkTestBot,
  type IlinkTestBotOptions,
  type IlinkTestFriend,
  type IlinkTranscriptMessage,
} from './ilink/kit.js';
export {
  MEMORY_CAPABILITIES,
  MemoryAdapter,
  type MemoryAdapterOptions,
  MemoryDirectory,
} from './memory/adapter.js';
export {
  createMemoryTestBot,
  type MemoryTestBot,
  type MemoryTestBotOptions,
  type MemoryTestFriend,
} from './memory/kit.js';
export {
  type MemoryCheckpoint,
  type MemoryItem,
  type MemoryPerson,
  type MemorySays,
  type MemorySent,
  MemoryWorld,
} from './memory/world.js';
export {
  type CastGroup,
  createTestBot,
  type PluginEntry,
  type TestBot,
  type TestBotOptions,
  type TestCast,
  type TestFriend,
  type TestGroup,
  type TestMember,
} from './test-bot.js';
export { createTestClock, isVirtualClock, type TestClock, type TestClockKind } from './test-clock.js';
export { holdClockForTraffic, type TrafficHolds } from './traffic-holds.js';
export {
  ChatTranscript,
  type ExpectNoReplyOptions,
  type ExpectReplyOptions,
  expandBotMention,
  type ReplyExpectation,
  type Says,
  type SentSource,
  type TranscriptMessage,
} from './transcript.js';
export { type VirtualClock, type VirtualClockOptions, virtualClock } from './virtual-clock.js';
