import type { ContactHandle } from '@wxbot/simulator';
import { type Harness, startHarness } from './harness.js';

// Cards and app messages (MsgType 42 / 49 and friends) as a plugin receives them.

let h: Harness;
let dave: ContactHandle;
let news: ContactHandle;

beforeAll(async () => {
  h = await startHarness({ cast: { friends: ['alice'] } });
  const phone = h.kit.sim.phone;
  dave = phone.addStranger({ nickName: 'Dave', alias: 'dave_88', province: '浙江', city: '杭州' });
  news = phone.addOfficial({ nickName: 'Daily News' });
});

afterAll(() => h.stop());

const alice = () => h.kit.friend('alice');

test("a person's card names them, with alias and region, not official", async () => {
  const sent = alice().says({ kind: 'card', target: dave.userName });
  const message = await h.handledAs('card', sent.msgId);
  expect(message).toMatchObject({
    userName: dave.userName,
    nickName: 'Dave',
    alias: 'dave_88',
    province: '浙江',
    city: '杭州',
    isOfficial: false,
  });
});

test("an official account's card says it is official", async () => {
  const sent = alice().says({ kind: 'card', target: news.userName });
  const message = await h.handledAs('card', sent.msgId);
  expect(message).toMatchObject({ userName: news.userName, nickName: 'Daily News', isOfficial: true });
});

test('a link has title, description, url, thumb and source app, unescaped', async () => {
  const sent = alice().says({
    kind: 'link',
    title: 'Q&A: <Rust> vs "Go"',
    description: 'a long read & more',
    url: 'https://example.com/a?x=1&y=2',
    thumbUrl: 'https://example.com/t.jpg',
    appName: 'Zhihu',
  });
  const message = await h.handledAs('link', sent.msgId);
  expect(message).toMatchObject({
    title: 'Q&A: <Rust> vs "Go"',
    description: 'a long read & more',
    url: 'https://example.com/a?x=1&y=2',
    thumbUrl: 'https://example.com/t.jpg',
    sourceApp: 'Zhihu',
  });
});

test('a mini program has title, app id, page path and source name', async () => {
  const sent = alice().says({
    kind: 'miniProgram',
    title: 'Order coffee',
    appId: 'wx1234567890abcdef',
    displayName: 'Coffee Shop',
    pagePath: 'pages/index/index.html?shop=1',
  });
  const message = await h.handledAs('miniProgram', sent.msgId);
  expect(message).toMatchObject({
    title: 'Order coffee',
    appId: 'wx1234567890abcdef',
    sourceName: 'Coffee Shop',
  });
  expect(message.pagePath).toContain('pages/index/index');
});

test('a transfer has the amount as shown, memo and transfer id', async () => {
  const sent = alice().says({
    kind: 'transfer',
    amount: '0.10',
    memo: 'for coffee',
    transferId: '1000050001202401010000000000000001',
  });
  const message = await h.handledAs('transfer', sent.msgId);
  expect(message).toMatchObject({
    memo: 'for coffee',
    transferId: '1000050001202401010000000000000001',
    paySubType: 1,
  });
  expect(message.amount).toContain('0.10');
});

test('a red packet received is a redPacket message, direction received', async () => {
  const sent = alice().says({ kind: 'redPacket' });
  const message = await h.handledAs('redPacket', sent.msgId);
  expect(message.direction).toBe('received');
  expect(message.text).toContain('红包');
  expect(message.chat.userName).toBe(alice().handle.userName);
});

test('a red packet sent from the phone is direction sent', async () => {
  const sent = h.kit.sim.phone.sendFromPhone(alice().handle, { kind: 'redPacket', sent: true });
  const message = await h.handledAs('redPacket', sent.msgId);
  expect(message.direction).toBe('sent');
});

test('a merged chat history is a chatHistory message', async () => {
  const sent = alice().says({ kind: 'chatHistory' });
  const message = await h.handledAs('chatHistory', sent.msgId);
  expect(message.sender.name).toBe('alice');
  expect(typeof message.title).toBe('string');
});

test('music has title, singer as description, url and data url', async () => {
  const sent = alice().says({
    kind: 'music',
    title: '晴天',
    singer: '周杰伦',
    url: 'https://y.qq.com/n/song?id=1',
    dataUrl: 'https://ws.stream.qqmusic.qq.com/1.m4a',
    appName: 'QQ音乐',
  });
  const message = await h.handledAs('music', sent.msgId);
  expect(message).toMatchObject({
    title: '晴天',
    description: '周杰伦',
    url: 'https://y.qq.com/n/song?id=1',
    dataUrl: 'https://ws.stream.qqmusic.qq.com/1.m4a',
    sourceApp: 'QQ音乐',
  });
});

test('an official account push lists its articles, from the official account', async () => {
  const sent = h.kit.sim.phone.say(news, {
    kind: 'article',
    items: [
      {
        title: 'Morning <brief>',
        url: 'https://mp.weixin.qq.com/s/1',
        digest: 'what & why',
        pubTime: 1700000000,
      },
      { title: 'Second story', url: 'https://mp.weixin.qq.com/s/2' },
    ],
  });
  const message = await h.handledAs('article', sent.msgId);
  expect(message.sender).toMatchObject({ userName: news.userName, kind: 'official', name: 'Daily News' });
  expect(message.articles.map((a) => a.title)).toEqual(['Morning <brief>', 'Second story']);
  expect(message.articles[0]).toMatchObject({
    url: 'https://mp.weixin.qq.com/s/1',
    digest: 'what & why',
    pubTime: 1700000000_000,
  });
});

test('a card of someone called "<Ann> & Bo" reads as written', async () => {
  const ann = h.kit.sim.phone.addStranger({ nickName: '<Ann> & Bo' });
  const sent = alice().says({ kind: 'card', target: ann.userName });
  const message = await h.handledAs('card', sent.msgId);
  expect(message.nickName).toBe('<Ann> & Bo');
});
