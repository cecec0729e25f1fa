import { randomBytes } from 'node:crypto';
import { type Harness, startHarness } from './harness.js';

// Media kinds as a plugin receives them, and `bot.download()` returning the very bytes the phone sent.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    cast: { friends: ['alice'], groups: [{ topic: 'Hikers', members: ['alice', 'bob'] }] },
  });
});

afterAll(() => h.stop());

test('an image has its size and md5, and downloads byte for byte', async () => {
  const data = randomBytes(3000);
  const sent = h.kit.friend('alice').says({ kind: 'image', data, thumbWidth: 90, thumbHeight: 120 });
  const message = await h.handledAs('image', sent.msgId);
  expect(message).toMatchObject({ width: 90, height: 120, size: 3000 });
  expect(message.md5).toMatch(/^[0-9a-f]{32}$/);
  const download = await h.bot.download(message);
  expect(download.data?.equals(data)).toBe(true);
  expect(download.size).toBe(3000);
});

test('an image posted in a group by a member downloads too, and names the member', async () => {
  const data = randomBytes(512);
  const bob = h.kit.group('Hikers').member('bob');
  const sent = bob.says({ kind: 'image', data });
  const message = await h.handledAs('image', sent.msgId);
  expect(message.isGroup).toBe(true);
  expect(message.sender).toMatchObject({ userName: bob.handle.userName, name: 'bob' });
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});

test('a voice note has its duration and downloads byte for byte', async () => {
  const data = randomBytes(2048);
  const sent = h.kit.friend('alice').says({ kind: 'voice', durationMs: 4200, data });
  const message = await h.handledAs('voice', sent.msgId);
  expect(message.durationMs).toBe(4200);
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});

test('a video has duration and thumbnail size, is not micro, and downloads byte for byte', async () => {
  const data = randomBytes(10_000);
  const sent = h.kit
    .friend('alice')
    .says({ kind: 'video', durationSec: 12, data, thumbWidth: 288, thumbHeight: 512 });
  const message = await h.handledAs('video', sent.msgId);
  expect(message).toMatchObject({ durationSec: 12, thumbWidth: 288, thumbHeight: 512, micro: false });
  expect(message.size).toBe(10_000);
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});

test('a micro video (MsgType 62) is a video with micro = true and downloads too', async () => {
  const data = randomBytes(4096);
  const sent = h.kit.friend('alice').says({ kind: 'video', durationSec: 3, micro: true, data });
  expect(sent.record.MsgType).toBe(62);
  const message = await h.handledAs('video', sent.msgId);
  expect(message).toMatchObject({ durationSec: 3, micro: true });
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});

test('a custom sticker has its md5 and url, and downloads byte for byte', async () => {
  const data = randomBytes(700);
  const md5 = 'a'.repeat(32);
  const sent = h.kit.friend('alice').says({ kind: 'emoticon', md5, data });
  const message = await h.handledAs('emoticon', sent.msgId);
  expect(message.md5).toBe(md5);
  expect(message.url).toMatch(/^https?:\/\//);
  expect(message.fromStore).toBe(false);
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});

test('a store sticker (empty Content) is an emoticon from the store', async () => {
  const sent = h.kit.friend('alice').says({ kind: 'emoticon', store: true });
  const message = await h.handledAs('emoticon', sent.msgId);
  expect(message.fromStore).toBe(true);
  expect(message.url).toBe('');
});

test('a file has its name, size, extension and media id, and downloads byte for byte', async () => {
  const data = randomBytes(5000);
  const sent = h.kit.friend('alice').says({ kind: 'file', name: 'report <Q3> & plan.pdf', data });
  const message = await h.handledAs('file', sent.msgId);
  expect(message).toMatchObject({ name: 'report <Q3> & plan.pdf', size: 5000, ext: 'pdf' });
  expect(message.mediaId).not.toBe('');
  const download = await h.bot.download(message);
  expect(download.data?.equals(data)).toBe(true);
});

test('a file posted in a group by a member downloads byte for byte', async () => {
  const data = randomBytes(1234);
  const sent = h.kit.group('Hikers').member('alice').says({ kind: 'file', name: 'route.gpx', data });
  const message = await h.handledAs('file', sent.msgId);
  expect(message).toMatchObject({ name: 'route.gpx', size: 1234, ext: 'gpx', isGroup: true });
  expect((await h.bot.download(message)).data?.equals(data)).toBe(true);
});
