import type { TestBot } from '@wxbot/testing';
import { QUIET, startAutoreply } from './kit.js';

// Private and group auto-reply, mentions, allow/deny lists, kinds, templates and the fallback,
// through the real client and the simulator.
describe('auto-reply through the simulator', () => {
  let kit: TestBot;

  beforeAll(async () => {
    kit = await startAutoreply({
      rules: [
        { name: 'price', scope: 'private', match: { contains: ['price', '价格'] }, reply: 'Prices: 10 yuan' },
        {
          name: 'help',
          scope: 'group',
          match: { startsWith: 'help' },
          reply: { text: 'Try: weather <city>', mention: true },
        },
        {
          name: 'morning',
          scope: 'group',
          mentionOnly: false,
          match: { equals: '早上好' },
          reply: '早, {sender}!',
        },
        {
          name: 'hikers-only',
          scope: 'group',
          groups: ['Hikers'],
          match: 'trail',
          reply: 'trail in {group}',
        },
        {
          name: 'not-cooks',
          scope: 'group',
          groups: { deny: ['Cooks'] },
          mentionOnly: false,
          match: 'recipe',
          reply: 'no recipes',
        },
        { name: 'vip', contacts: { allow: ['olivia'] }, match: 'boss', reply: 'Right away, boss.' },
        { name: 'no-mallory', contacts: { deny: ['mallory'] }, match: 'hello', reply: 'hello {sender}' },
        {
          name: 'weather',
          match: { regex: '^天气\\s*(?<city>.+)$' },
          reply: '{city}: sunny (asked by {sender})',
        },
        { name: 'order', match: '/^#order\\s+(\\d+)$/i', reply: 'Order {1} received ({0}).' },
        { name: 'location', kinds: ['location'], match: { any: true }, reply: 'Got your location ({text})' },
        { name: 'file', kinds: ['file'], match: '.pdf', reply: 'Thanks for {text}' },
      ],
      fallback: { scope: 'private', reply: "I'm a bot; a human will answer soon." },
    });
  });
  afterAll(() => kit.stop());

  test('private chat: a keyword rule answers, the fallback answers the rest', async () => {
    const alice = kit.friend('alice');
    alice.says('what is the price?');
    await alice.expectsReply('Prices: 10 yuan');
    alice.says('something else');
    await alice.expectsReply("I'm a bot; a human will answer soon.");
  });

  test('group: mentionOnly by default answers only when @-mentioned, with an @ of the sender', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('bob').says('help me');
    await hikers.expectNoReply(QUIET);
    hikers.member('bob').says('@bot help me');
    const reply = await hikers.expectsReply(/^@bob\s+Try: weather <city>$/);
    expect(reply.mentions.map((m) => m.nickName)).toEqual(['bob']);
    expect(reply.mentionUserNames).toEqual([hikers.member('bob').handle.userName]);
  });

  test('group: mentionOnly: false answers without @mention; no fallback in groups (scope: private)', async () => {
    const cooks = kit.group('Cooks');
    cooks.member('carol').says('早上好');
    const reply = await cooks.expectsReply('早, carol!');
    expect(reply.mentions).toEqual([]);
    cooks.member('carol').says('@bot nothing matches this');
    await cooks.expectNoReply(QUIET);
  });

  test('group allow and deny lists', async () => {
    const hikers = kit.group('Hikers');
    const cooks = kit.group('Cooks');
    cooks.member('bob').says('@bot trail?');
    cooks.member('bob').says('recipe please');
    await cooks.expectNoReply(QUIET);
    hikers.member('bob').says('@bot trail?');
    await hikers.expectsReply('trail in Hikers');
    hikers.member('bob').says('recipe please');
    await hikers.expectsReply('no recipes');
  });

  test('contact allow and deny lists', async () => {
    kit.friend('mallory').says('boss?');
    kit.friend('mallory').says('hello');
    // The fallback still answers mallory: only the two rules refuse her.
    await kit.friend('mallory').expectsReply("I'm a bot; a human will answer soon.");
    await kit.friend('mallory').expectsReply("I'm a bot; a human will answer soon.");
    kit.friend('olivia').says('boss?');
    await kit.friend('olivia').expectsReply('Right away, boss.');
    kit.friend('olivia').says('hello');
    await kit.friend('olivia').expectsReply('hello olivia');
    const hikers = kit.group('Hikers');
    hikers.member('mallory').says('@bot hello');
    await hikers.expectNoReply(QUIET);
    hikers.member('carol').says('@bot hello');
    await hikers.expectsReply('hello carol');
  });

  test('templates: named and numbered regex groups, {sender}', async () => {
    const alice = kit.friend('alice');
    alice.says('天气 北京');
    await alice.expectsReply('北京: sunny (asked by alice)');
    alice.says('#ORDER 42');
    await alice.expectsReply('Order 42 received (#ORDER 42).');
    kit.group('Hikers').member('carol').says('@bot 天气 上海');
    await kit.group('Hikers').expectsReply('上海: sunny (asked by carol)');
  });

  test('other kinds: a location and a file are answered from their summary', async () => {
    const alice = kit.friend('alice');
    alice.says({ kind: 'location', lat: 39.9, lng: 116.4, label: '北京市朝阳区', poiName: 'Office' });
    await alice.expectsReply('Got your location (北京市朝阳区)');
    alice.says({ kind: 'file', name: 'report.pdf', data: new Uint8Array([1, 2, 3]) });
    await alice.expectsReply('Thanks for report.pdf');
    // An image has no rule (kinds default to text) and the fallback only answers texts.
    alice.says({ kind: 'image', data: new Uint8Array([0xff, 0xd8, 0xff]) });
    await alice.expectNoReply(QUIET);
  });

  test("the bot's own phone messages are never answered", async () => {
    kit.sim.phone.sendFromPhone(kit.friend('alice').handle, 'what is the price?');
    await kit.friend('alice').expectNoReply(QUIET);
  });
});
