import { type Harness, startHarness } from './harness.js';

// Text-like kinds (text, group text with mentions, quote, location) as a plugin receives them
// after the real client fetched them from the simulator.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    cast: {
      friends: ['alice', { nickName: 'carol', remarkName: 'Carol (work)' }],
      groups: [
        {
          topic: 'Hikers',
          members: ['alice', 'bob'],
          botDisplayName: 'Botty',
          displayNames: { alice: 'Alice in Hikers' },
        },
      ],
    },
  });
});

afterAll(() => h.stop());

test('a private text keeps emoji, face codes and the characters <>& as the friend typed them', async () => {
  const alice = h.kit.friend('alice');
  const sent = alice.says('hi 😄 <b>&amp;</b> a<b && c>d [微笑]\nline two');
  // On the wire it is escaped, with an emoji span and <br/>: the bot must undo all of it.
  expect(String(sent.record.Content)).toContain('&lt;b&gt;&amp;amp;');
  expect(String(sent.record.Content)).toContain('<span class="emoji');
  expect(String(sent.record.Content)).toContain('<br/>');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.text).toBe('hi 😄 <b>&amp;</b> a<b && c>d [微笑]\nline two');
  expect(message.fullText).toBe(message.text);
  expect(message.id).toBe(sent.msgId);
  expect(typeof message.id).toBe('string');
  expect(message.self).toBe(false);
  expect(message.isGroup).toBe(false);
  expect(message.chat).toMatchObject({ userName: alice.handle.userName, name: 'alice', kind: 'friend' });
  expect(message.sender).toEqual(message.chat);
  expect(message.mentions).toEqual([]);
  expect(message.isMentioned).toBe(false);
  expect(message.time).toBe(Number(sent.record.CreateTime) * 1000);
});

test('the sender of a private text is named by the remark the bot gave them', async () => {
  const carol = h.kit.friend('carol');
  const sent = carol.says('hello');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.sender.name).toBe('Carol (work)');
});

test('a group text names the real member (group nickname), strips the prefix and the bot mention', async () => {
  const hikers = h.kit.group('Hikers');
  const alice = hikers.member('alice');
  const sent = alice.says('@Botty\u2005what is the weather?');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.isGroup).toBe(true);
  expect(message.chat).toMatchObject({ userName: hikers.handle.userName, name: 'Hikers', kind: 'group' });
  expect(message.sender).toMatchObject({ userName: alice.handle.userName, name: 'Alice in Hikers' });
  expect(message.text).toBe('what is the weather?');
  expect(message.fullText).toBe('@Botty\u2005what is the weather?');
  expect(message.mentions).toEqual(['Botty']);
  expect(message.isMentioned).toBe(true);
  expect(message.mentionsAll).toBe(false);
  expect(message.self).toBe(false);
});

test('a stranger in a group is named by their nickname; mentioning someone else is not a bot mention', async () => {
  const bob = h.kit.group('Hikers').member('bob');
  const sent = bob.says('@alice\u2005see you at 8');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.sender).toMatchObject({ userName: bob.handle.userName, name: 'bob', kind: 'stranger' });
  expect(message.mentions).toEqual(['alice']);
  expect(message.isMentioned).toBe(false);
  expect(message.text).toBe('@alice\u2005see you at 8');
});

test('@所有人 mentions the bot too', async () => {
  const sent = h.kit.group('Hikers').member('bob').says('@所有人\u2005meeting at 9');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.mentionsAll).toBe(true);
  expect(message.isMentioned).toBe(true);
});

test('a text the owner sends from the phone into the group is the bot itself, without a prefix', async () => {
  const hikers = h.kit.group('Hikers');
  const sent = h.kit.sim.phone.sendFromPhone(hikers.handle, 'sent from my phone');
  expect(String(sent.record.Content)).toBe('sent from my phone');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.self).toBe(true);
  expect(message.isGroup).toBe(true);
  expect(message.chat.userName).toBe(hikers.handle.userName);
  expect(message.sender.userName).toBe(h.bot.self?.userName);
  expect(message.sender.kind).toBe('self');
  expect(message.text).toBe('sent from my phone');
});

test('a text the owner sends from the phone to a friend is self, and its chat is the friend', async () => {
  const alice = h.kit.friend('alice');
  const sent = h.kit.sim.phone.sendFromPhone(alice.handle, 'ok!');
  const message = await h.handledAs('text', sent.msgId);
  expect(message.self).toBe(true);
  expect(message.chat.userName).toBe(alice.handle.userName);
  expect(message.sender.userName).toBe(h.bot.self?.userName);
});

test('a quote carries the quoted name and text, and the reply', async () => {
  const sent = h.kit.friend('alice').says({
    kind: 'quote',
    quotedName: 'bob',
    quotedText: 'lunch at <noon> & after?',
    reply: 'sounds good 👍',
  });
  const message = await h.handledAs('quote', sent.msgId);
  expect(message).toMatchObject({
    quotedName: 'bob',
    quotedText: 'lunch at <noon> & after?',
    text: 'sounds good 👍',
    isMentioned: false,
  });
});

test('a quote in a group that mentions the bot is a mention', async () => {
  const sent = h.kit
    .group('Hikers')
    .member('alice')
    .says({ kind: 'quote', quotedName: 'bob', quotedText: 'who brings water?', reply: '@Botty\u2005you?' });
  const message = await h.handledAs('quote', sent.msgId);
  expect(message.isMentioned).toBe(true);
  expect(message.text).toBe('you?');
  expect(message.sender.name).toBe('Alice in Hikers');
});

test('a location has coordinates, label, place name and a map url', async () => {
  const sent = h.kit.friend('alice').says({
    kind: 'location',
    lat: 30.274085,
    lng: 120.15507,
    label: '浙江省杭州市西湖区 <West Lake> & co',
    poiName: '西湖',
  });
  const message = await h.handledAs('location', sent.msgId);
  expect(message).toMatchObject({
    lat: 30.274085,
    lng: 120.15507,
    label: '浙江省杭州市西湖区 <West Lake> & co',
    poiName: '西湖',
  });
  expect(message.mapUrl).toMatch(/^https?:\/\//);
});

describe('names with <, > and & (the server escapes them in contact records)', () => {
  let n: Harness;

  beforeAll(async () => {
    n = await startHarness({
      cast: {
        friends: ['Tom & Jerry', { nickName: 'dan', remarkName: '<Dan> & co' }],
        groups: [
          {
            topic: 'R&D <core>',
            members: ['Tom & Jerry', 'dan', 'eve'],
            botDisplayName: 'Bot & Co',
            displayNames: { dan: 'Dan <admin>' },
          },
        ],
      },
    });
  });

  afterAll(() => n.stop());

  test('a friend and a remark read as written', async () => {
    const tom = n.kit.friend('Tom & Jerry').says('hi');
    expect((await n.handledById(tom.msgId)).sender.name).toBe('Tom & Jerry');
    const dan = n.kit.friend('dan').says('hi');
    expect((await n.handledById(dan.msgId)).sender.name).toBe('<Dan> & co');
    expect(n.bot.contacts.find('Tom & Jerry').map((c) => c.nickName)).toEqual(['Tom & Jerry']);
  });

  test('a group topic, a member display name and a mention of the bot by its group nickname', async () => {
    const group = n.kit.group('R&D <core>');
    const sent = group.member('dan').says('@bot ping');
    const message = await n.handledAs('text', sent.msgId);
    expect(message.chat.name).toBe('R&D <core>');
    expect(message.sender.name).toBe('Dan <admin>');
    expect(message.fullText).toBe('@Bot & Co\u2005ping');
    expect(message.isMentioned).toBe(true);
    expect(message.text).toBe('ping');
  });
});
