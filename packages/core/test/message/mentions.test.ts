import { ContactStore } from '../../src/adapters/web/contacts/store.js';
import { analyzeMentions } from '../../src/adapters/web/message/mentions.js';
import { normalize } from '../../src/adapters/web/message/normalize.js';
import type { WireMessage } from '../../src/adapters/web/protocol/wire.js';
import type { Message } from '../../src/message/types.js';
import { messages } from './fixture-world.js';

const ME = '@me';
const G = '@@group';
const OTHER = '@other';

function groupStore(botDisplayName = ''): ContactStore {
  const store = new ContactStore();
  store.setSelf({ UserName: ME, NickName: '小明<span class="emoji emoji1f31b"></span>', Uin: 1 });
  store.setGroupDetail({
    UserName: G,
    NickName: 'G',
    MemberList: [
      {
        Uin: 0,
        UserName: ME,
        NickName: '小明<span class="emoji emoji1f31b"></span>',
        DisplayName: botDisplayName,
        AttrStatus: 0,
        PYInitial: '',
        PYQuanPin: '',
        RemarkPYInitial: '',
        RemarkPYQuanPin: '',
        MemberStatus: 0,
        KeyWord: '',
      },
      {
        Uin: 0,
        UserName: OTHER,
        NickName: 'Bob 李',
        DisplayName: '',
        AttrStatus: 0,
        PYInitial: '',
        PYQuanPin: '',
        RemarkPYInitial: '',
        RemarkPYQuanPin: '',
        MemberStatus: 0,
        KeyWord: '',
      },
    ],
  });
  return store;
}

function groupText(content: string, from = G, to = ME): WireMessage {
  const template = messages('sync-group-text.json')[0];
  if (!template) throw new Error('fixture');
  return {
    ...template,
    FromUserName: from,
    ToUserName: to,
    Content: from === G ? `${OTHER}:<br/>${content}` : content,
  };
}

function text(msg: Message) {
  if (msg.kind !== 'text') throw new Error(`expected text, got ${msg.kind}`);
  return {
    mentions: msg.mentions,
    isMentioned: msg.isMentioned,
    mentionsAll: msg.mentionsAll,
    text: msg.text,
    fullText: msg.fullText,
  };
}

describe('mentions in group texts', () => {
  test('U+2005 after the name (mobile), emoji in the name as a span', () => {
    const m = text(
      normalize(groupText('@小明<span class="emoji emoji1f31b"></span>\u2005明天几点？'), groupStore()),
    );
    expect(m).toEqual({
      mentions: ['小明🌛'],
      isMentioned: true,
      mentionsAll: false,
      text: '明天几点？',
      fullText: '@小明🌛\u2005明天几点？',
    });
  });

  test('a plain space after the name (web client)', () => {
    expect(text(normalize(groupText('@小明🌛 hi'), groupStore()))).toMatchObject({
      isMentioned: true,
      text: 'hi',
      mentions: ['小明🌛'],
    });
  });

  test('at the end of the text', () => {
    expect(text(normalize(groupText('来看看 @小明🌛'), groupStore()))).toMatchObject({
      isMentioned: true,
      text: '来看看',
    });
  });

  test('@所有人 and @all', () => {
    expect(text(normalize(groupText('@所有人\u2005开会'), groupStore()))).toMatchObject({
      isMentioned: true,
      mentionsAll: true,
      text: '@所有人\u2005开会',
    });
    expect(text(normalize(groupText('@all meeting'), groupStore()))).toMatchObject({
      isMentioned: true,
      mentionsAll: true,
    });
    expect(text(normalize(groupText('mail me@allmail.com'), groupStore()))).toMatchObject({
      isMentioned: false,
      mentionsAll: false,
    });
  });

  test("the bot's group display name counts as well as its nickname", () => {
    const store = groupStore('机器人小助手');
    expect(text(normalize(groupText('@机器人小助手\u2005hi'), store))).toMatchObject({
      isMentioned: true,
      text: 'hi',
      mentions: ['机器人小助手'],
    });
    expect(text(normalize(groupText('@小明🌛\u2005hi'), store))).toMatchObject({
      isMentioned: true,
      text: 'hi',
    });
  });

  test('another member whose name starts with the bot name is not the bot', () => {
    const m = text(normalize(groupText('@小明🌛2号\u2005hi'), groupStore()));
    expect(m).toEqual({
      mentions: ['小明🌛2号'],
      isMentioned: false,
      mentionsAll: false,
      text: '@小明🌛2号\u2005hi',
      fullText: '@小明🌛2号\u2005hi',
    });
  });

  test('a known name with a space is read whole; the bot is not mentioned', () => {
    expect(text(normalize(groupText('@Bob 李 你好'), groupStore()))).toMatchObject({
      mentions: ['Bob 李'],
      isMentioned: false,
    });
  });

  test('the bot mentioning itself or all does not count as being mentioned', () => {
    const m = text(normalize(groupText('@所有人 @小明🌛 test', ME, G), groupStore()));
    expect(m).toMatchObject({ isMentioned: false, mentionsAll: true, text: '@所有人 test' });
  });

  test('private chats have no mention facts', () => {
    const store = groupStore();
    const raw = { ...groupText('@小明🌛 hi', OTHER, ME), Content: '@小明🌛 hi' };
    expect(text(normalize(raw, store))).toEqual({
      mentions: [],
      isMentioned: false,
      mentionsAll: false,
      text: '@小明🌛 hi',
      fullText: '@小明🌛 hi',
    });
  });
});

describe('analyzeMentions directly', () => {
  test('mixed terminators and several mentions', () => {
    expect(analyzeMentions('@a\u2005@b c @bot', ['bot'], [], false)).toEqual({
      mentions: ['a', 'b', 'bot'],
      isMentioned: true,
      mentionsAll: false,
      text: '@a\u2005@b c',
    });
  });

  test('a lone @ or an @ in the middle of a word yields no empty names', () => {
    expect(analyzeMentions('@ x @', ['bot'], [], false).mentions).toEqual([]);
  });

  test('hostile input stays fast', () => {
    const start = Date.now();
    analyzeMentions(
      '@'.repeat(200_000),
      ['bot'],
      Array.from({ length: 500 }, (_, i) => `member${i}`),
      false,
    );
    analyzeMentions('@bot'.repeat(100_000), ['bot'], [], false);
    // Tens of ms when linear; a quadratic scan of 200,000 characters × 500 names would take
    // minutes. The bound leaves room for a loaded machine and still catches that.
    expect(Date.now() - start).toBeLessThan(10_000);
  });
});
