import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '@wxbot/simulator';
import type { WebWxClient } from '../../src/adapters/web/client/client.js';
import type { SyncBatch } from '../../src/adapters/web/client/types.js';
import type { WireMessage } from '../../src/adapters/web/protocol/wire.js';
import { autoScan, setup, tempDir, waitFor } from './helpers.js';

let sim: Simulator;
let client: WebWxClient;
let done: () => Promise<void>;
let alice: string;
let group: string;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), randomBytes(2000)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), randomBytes(5000)]);

beforeAll(async () => {
  ({ sim, client, done } = await setup({
    cast: {
      friends: [
        { wxid: 'wxid_alice', nickName: 'Alice' },
        { wxid: 'wxid_bob', nickName: 'Bob' },
      ],
      groups: [{ wxid: '555@chatroom', topic: 'Team', members: ['wxid_alice', 'wxid_bob'] }],
    },
  }));
  autoScan(client, sim);
  await client.start();
  alice = client.contacts.find('Alice')[0]?.userName ?? '';
  group = client.contacts.find('Team')[0]?.userName ?? '';
});

afterAll(async () => {
  await done();
});

function lastSent() {
  return sim.phone.waitForSent(() => true, 5000, sim.phone.sent.length);
}

test('text with newlines, emoji and slashes arrives as written', async () => {
  const text = '第一行\n第二行 😀 [微笑] a/b </script> & "q"';
  const next = lastSent();
  const receipt = await client.send({ kind: 'text', to: alice, text });
  const sent = await next;
  expect(sent).toMatchObject({ kind: 'text', text, toUserName: alice, msgId: receipt.msgId });
  expect(receipt.clientMsgId).toMatch(/^\d{17}$/);
});

test('a group text with @mentions carries the MsgSource', async () => {
  const bob = client.contacts.find('Bob')[0]?.userName ?? '';
  const next = lastSent();
  await client.send({ kind: 'text', to: group, text: '@Alice @Bob 开会', mentions: [alice, bob] });
  const sent = await next;
  expect(sent.mentionUserNames).toEqual([alice, bob]);
  expect(sent.mentions.map((m) => m.wxid)).toEqual(['wxid_alice', 'wxid_bob']);
});

test('image, video, gif emoticon and sticker md5 arrive intact', async () => {
  let next = lastSent();
  await client.send({ kind: 'image', to: alice, media: { data: JPEG, name: 'photo.jpg' } });
  let sent = await next;
  expect(sent.kind).toBe('image');
  expect(Buffer.from(sent.media?.bytes ?? []).equals(JPEG)).toBe(true);

  next = lastSent();
  await client.send({ kind: 'video', to: alice, media: { data: MP4, name: 'clip.mp4' } });
  sent = await next;
  expect(sent.kind).toBe('video');
  expect(Buffer.from(sent.media?.bytes ?? []).equals(MP4)).toBe(true);

  next = lastSent();
  await client.send({ kind: 'emoticon', to: alice, media: { data: GIF, name: 'funny.gif' } });
  sent = await next;
  expect(sent.kind).toBe('emoticon');
  expect(Buffer.from(sent.media?.bytes ?? []).equals(GIF)).toBe(true);

  next = lastSent();
  await client.send({ kind: 'emoticon', to: alice, md5: 'e68363487d8f0519c4e1047de403b2e7' });
  sent = await next;
  expect(sent.emoticonMd5).toBe('e68363487d8f0519c4e1047de403b2e7');
});

test('a 2 MB file goes up in 4 chunks and arrives byte-equal (from a path)', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const data = randomBytes(2 * 1024 * 1024);
    const path = join(dir, '季度报告.pdf');
    await writeFile(path, data);
    const uploads: string[] = [];
    const off = sim.onEvent((e) => e.type === 'bot.upload' && uploads.push(e.message));
    const next = lastSent();
    await client.send({ kind: 'file', to: alice, media: { path } });
    const sent = await next;
    off();
    expect(sent.kind).toBe('file');
    expect(sent.title).toBe('季度报告.pdf');
    expect(Buffer.from(sent.media?.bytes ?? []).equals(data)).toBe(true);
    expect(uploads).toEqual([expect.stringContaining('4 chunks')]);
  } finally {
    await cleanup();
  }
});

test('the same clientMsgId is never sent twice', async () => {
  const before = sim.phone.sent.length;
  const clientMsgId = '17168813001230456';
  const [a, b] = await Promise.all([
    client.send({ kind: 'text', to: alice, text: 'once' }, { clientMsgId }),
    client.send({ kind: 'text', to: alice, text: 'once' }, { clientMsgId }),
  ]);
  const c = await client.send({ kind: 'text', to: alice, text: 'once' }, { clientMsgId });
  expect(a).toEqual(b);
  expect(c).toEqual(a);
  expect(sim.phone.sent.length - before).toBe(1);
});

test('revoke recalls a sent message', async () => {
  const receipt = await client.send({ kind: 'text', to: alice, text: 'oops' });
  await client.revoke(receipt);
  expect(sim.phone.sent.find((m) => m.msgId === receipt.msgId)?.revoked).toBe(true);
});

test('a send refused by the server is a WxApiError with Ret (1204 not a friend)', async () => {
  sim.faults.ret(1204, { endpoint: 'webwxsendmsg', times: 1 });
  await expect(client.send({ kind: 'text', to: alice, text: 'x' })).rejects.toMatchObject({
    name: 'WxApiError',
    ret: 1204,
    endpoint: 'webwxsendmsg',
  });
});

describe('downloads are byte-equal', () => {
  async function receive(spec: Parameters<Simulator['phone']['say']>[1]): Promise<WireMessage> {
    const got = waitFor<WireMessage>((cb) => {
      const h = (b: SyncBatch) => {
        for (const m of b.messages) if (m.FromUserName === alice) cb(m);
      };
      client.on('sync', h);
      return () => client.off('sync', h);
    });
    sim.phone.say('wxid_alice', spec);
    return got;
  }

  test('image', async () => {
    const m = await receive({ kind: 'image', data: JPEG });
    const r = await client.download(m);
    expect(r.data?.equals(JPEG)).toBe(true);
    expect(r.contentType).toMatch(/image/);
  });

  test('voice', async () => {
    const mp3 = Buffer.concat([Buffer.from('ID3'), randomBytes(1500)]);
    const m = await receive({ kind: 'voice', durationMs: 1200, data: mp3 });
    expect((await client.download(m)).data?.equals(mp3)).toBe(true);
  });

  test('video (ranged)', async () => {
    const m = await receive({ kind: 'video', durationSec: 3, data: MP4 });
    expect((await client.download(m)).data?.equals(MP4)).toBe(true);
  });

  test('emoticon', async () => {
    const m = await receive({ kind: 'emoticon', data: GIF });
    expect((await client.download(m)).data?.equals(GIF)).toBe(true);
  });

  test('file, to disk', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const data = randomBytes(700_000);
      const m = await receive({ kind: 'file', name: 'data.zip', data });
      const file = join(dir, 'out.zip');
      const r = await client.download(m, { file });
      expect(r.size).toBe(data.length);
      expect((await readFile(file)).equals(data)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
