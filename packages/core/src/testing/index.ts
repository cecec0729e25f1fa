/**
 * `@wxbot/core/testing`: test your bot and plugins end to end against `@wxbot/simulator`, with
 * transcript helpers and accelerated time.
 *
 * @example
 * import { createTestBot } from '@wxbot/core/testing';
 * const kit = await createTestBot({ plugins: [[autoreply, { rules: [{ match: 'hi', reply: 'hello' }] }]] });
 * kit.friend('alice').says('hi');
 * await kit.friend('alice').expectsReply('hello');
 * await kit.stop();
 */
export { type AcceleratedClock, acceleratedClock } from './accelerated-clock.js';
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
export {
  ChatTranscript,
  type ExpectNoReplyOptions,
  type ExpectReplyOptions,
  expandBotMention,
  type ReplyExpectation,
  type Says,
} from './transcript.js';
