import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { until } from '../helpers.js';
import { closeWorlds, e2eWorld, loggedIn } from './world.js';

afterEach(closeWorlds);

describe('iLink inbound messages from the simulator', () => {
  it('receives every item type, normalized, with exact ids, and downloads media byte-equal', async () => {
    const w = await loggedIn(await e2eWorld());
    w.poll();
    const image = randomBytes(5000);
    const voice = randomBytes(777);
    const file = randomBytes(48213);
    const video = randomBytes(20000);
    const text = w.alice.says('你好');
    w.alice.send({ kind: 'image', data: image });
    w.alice.send({ kind: 'voice', data: voice, transcript: '明天提醒我', playtimeMs: 3480 });
    w.alice.send({ kind: 'file', data: file, fileName: '报表 Q3.xlsx' });
    w.alice.send({ kind: 'video', data: video, playLength: 14 });
    w.alice.send({ kind: 'quote', text: '对吗？', quotedId: text.messageId });
    w.alice.send({
      kind: 'quote',
      text: '这段',
      quotedId: text.messageId,
      idOnly: true,
      partial: { start: '你', end: '好' },
    });
    const got = await w.inboxed(7);

    expect(got.map((m) => m.items[0]!.kind)).toEqual([
      'text',
      'image',
      'voice',
      'file',
      'video',
      'quote',
      'quote',
    ]);
    expect(got[0]).toMatchObject({
      id: text.messageId.toString(),
      from: w.alice.userId,
      fromBot: false,
      contextToken: text.contextToken,
    });
    expect(BigInt(got[0]!.id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(got[0]!.items[0]).toMatchObject({ kind: 'text', text: '你好' });
    expect(got[2]!.items[0]).toMatchObject({ kind: 'voice', transcript: '明天提醒我', durationMs: 3480 });
    expect(got[3]!.items[0]).toMatchObject({ kind: 'file', fileName: '报表 Q3.xlsx', size: 48213 });
    expect(got[4]!.items[0]).toMatchObject({ kind: 'video', playLength: 14 });
    expect(got[5]!.items[0]).toMatchObject({
      kind: 'quote',
      text: '对吗？',
      quoted: { id: text.messageId.toString(), item: { kind: 'text', text: '你好' } },
    });
    // The id-only quote is rebuilt from the message the client saw earlier.
    expect(got[6]!.items[0]).toMatchObject({
      kind: 'quote',
      text: '这段',
      quoted: {
        id: text.messageId.toString(),
        item: { kind: 'text', text: '你好' },
        partial: { start: '你', end: '好' },
      },
    });

    const bytes = await Promise.all([1, 2, 3, 4].map((i) => w.client.download(got[i]!.items[0]!)));
    expect(bytes[0]!.equals(image)).toBe(true);
    expect(bytes[1]!.equals(voice)).toBe(true);
    expect(bytes[2]!.equals(file)).toBe(true);
    expect(bytes[3]!.equals(video)).toBe(true);
  });

  it("rebuilds an id-only quote of the bot's own reply from the message_id the send returned", async () => {
    const w = await loggedIn(await e2eWorld({ sendReturnsMessageId: true }));
    w.poll();
    w.alice.says('weather?');
    await w.inboxed(1);
    const [receipt] = await w.client.sendText(w.alice.userId, 'sunny, 31°C');
    expect(receipt!.messageId).toBe(w.alice.received[0]!.messageId.toString());
    w.alice.send({ kind: 'quote', text: 'really?', quotedId: receipt!.messageId!, idOnly: true });
    const got = await w.inboxed(2);
    expect(got[1]!.items[0]).toMatchObject({
      kind: 'quote',
      text: 'really?',
      quoted: { id: receipt!.messageId, item: { kind: 'text', text: 'sunny, 31°C' } },
    });
  });

  it('marks the bot echo and keeps duplicates apart by their new message ids', async () => {
    const w = await loggedIn(await e2eWorld());
    const { inbox } = w.poll();
    const first = w.alice.says('hi');
    w.alice.duplicate(first);
    w.alice.says('echo', { messageType: 2 });
    const got = await w.inboxed(3);
    expect(got[0]!.id).not.toBe(got[1]!.id);
    expect(got[1]!.items[0]).toMatchObject({ text: 'hi' });
    expect(got[2]!.fromBot).toBe(true);
    expect(inbox).toHaveLength(3);
  });

  it('resumes from a saved cursor without getting old messages again', async () => {
    const w = await loggedIn(await e2eWorld());
    const { poller } = w.poll();
    w.alice.says('one');
    await w.inboxed(1);
    await poller.stop();
    const saved = poller.cursor;
    w.alice.says('two');
    const seen: string[] = [];
    const resumed = w.client.poller({
      cursor: saved,
      minEmptyPollIntervalMs: 0,
      onUpdates: (b) => {
        for (const m of b.messages)
          seen.push(
            w.client.receive(m).items[0]!.kind === 'text' ? (m.item_list![0]!.text_item!.text ?? '') : '',
          );
      },
    });
    const run = resumed.run();
    await until(() => seen.length >= 1);
    await resumed.stop();
    await run;
    expect(seen).toEqual(['two']);
  });
});

describe('iLink sends to the simulator', () => {
  it('sends text with the right context token, and image, file and video that decrypt byte-equal on the phone', async () => {
    const w = await loggedIn(await e2eWorld());
    w.poll();
    const said = w.alice.says('ping');
    await w.inboxed(1);
    await w.client.sendText(w.alice.userId, 'pong');
    const reply = await w.alice.waitForReply();
    expect(reply).toMatchObject({
      kind: 'text',
      text: 'pong',
      contextToken: said.contextToken,
      outcome: 'delivered',
    });

    const image = randomBytes(70_000);
    const file = randomBytes(31_877);
    const video = randomBytes(16 * 1024);
    await w.client.sendMedia(w.alice.userId, { kind: 'image', data: image });
    await w.client.sendMedia(w.alice.userId, { kind: 'file', data: file, fileName: 'weather report.pdf' });
    await w.client.sendMedia(w.alice.userId, { kind: 'video', data: video });
    const got = w.alice.received;
    expect(got.map((m) => m.kind)).toEqual(['text', 'image', 'file', 'video']);
    for (const m of got.slice(1)) {
      expect(m.mediaError).toBeUndefined();
      expect(m.media?.keyEncoding).toBe('base64-hex');
    }
    expect(got[1]!.media!.bytes.equals(image)).toBe(true);
    expect(got[2]!.media!.bytes.equals(file)).toBe(true);
    expect(got[2]!.media!.fileName).toBe('weather report.pdf');
    expect(got[3]!.media!.bytes.equals(video)).toBe(true);
  });

  it('uploads through upload_param when the server gives no full URL', async () => {
    const w = await loggedIn(await e2eWorld({ uploadFullUrl: false }));
    w.poll();
    w.alice.says('send me a file');
    await w.inboxed(1);
    const data = randomBytes(100_000);
    await w.client.sendMedia(w.alice.userId, { kind: 'file', data, fileName: 'big.bin' });
    expect(w.alice.received[0]!.media!.bytes.equals(data)).toBe(true);
  });

  it('works with a client changed only in its base URLs (publicUrls: local, no connectTo)', async () => {
    const w = await e2eWorld({ publicUrls: 'local' });
    const client = w.client;
    client.close();
    const { IlinkClient } = await import('../../src/client.js');
    const local = new IlinkClient({
      loginBaseUrl: w.sim.url,
      cdnBaseUrl: `${w.sim.url}/c2c`,
      now: () => w.sim.now(),
    });
    try {
      const login = local.login({ pollIntervalMs: 5 });
      w.alice.login(await w.alice.waitForQr());
      const result = await login;
      expect(result.kind === 'confirmed' && result.credentials.baseUrl).toBe(w.sim.url);
      w.alice.send({ kind: 'image', data: Buffer.from('tiny png') });
      const res = await local.api.getUpdates('');
      const msg = local.receive(res.msgs[0]!);
      expect((await local.download(msg.items[0]!)).toString()).toBe('tiny png');
      await local.sendMedia(w.alice.userId, { kind: 'image', data: Buffer.from('back') });
      expect(w.alice.received[0]!.media!.bytes.toString()).toBe('back');
    } finally {
      local.close();
    }
  });
});
