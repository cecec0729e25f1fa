import { describe, expect, it } from '@jest/globals';
import { normalizeMessage } from '../../src/messages/normalize.js';
import type { IlinkContentItem } from '../../src/messages/types.js';
import type { GetUpdatesResponse, WeixinMessage } from '../../src/protocol/types.js';
import { CAST, fixture } from '../helpers.js';

const first = (name: string): WeixinMessage => fixture<GetUpdatesResponse>(name).msgs[0]!;
const only = (name: string) => {
  const msg = normalizeMessage(first(name), { botId: CAST.botId });
  expect(msg.items).toHaveLength(1);
  return { msg, item: msg.items[0]! };
};

describe('normalizeMessage (fixtures)', () => {
  it('text: the words, the exact uint64 id, sender, bot, context token and time', () => {
    const { msg, item } = only('getupdates-text.json');
    expect(item).toMatchObject({
      kind: 'text',
      text: '你好，帮我查一下明天北京的天气',
      itemId: 'v1:3306632368402003437',
    });
    expect(msg).toMatchObject({
      id: '7484409702373212424',
      seq: 42,
      from: CAST.user,
      to: CAST.botId,
      createdAtMs: 1784422288000,
      fromBot: false,
      groupId: undefined,
    });
    expect(msg.contextToken).toMatch(/^AARzJWAFAAABAAAA/);
    expect(msg.raw).toEqual(first('getupdates-text.json'));
  });

  it('image: the media reference with the hex key preferred, sizes and thumbnail', () => {
    const { item } = only('getupdates-image.json');
    if (item.kind !== 'image') throw new Error(`expected image, got ${item.kind}`);
    expect(item.media.hexKey).toBe('c25f6c477dd8f6bf0c2ac9bcc2dad916');
    expect(item.media.media.full_url).toMatch(/^https:\/\/novac2c\.cdn\.weixin\.qq\.com\/c2c\/download\?/);
    expect(item.media.media.encrypt_query_param).toMatch(/^GPGTPT/);
    expect(item.cipherSize).toBe(184336);
    expect(item.thumb?.media.encrypt_query_param).toMatch(/^m\+BjCG/);
    expect([item.thumbWidth, item.thumbHeight]).toEqual([120, 160]);
  });

  it('voice: the server transcript, duration in ms and the SILK audio reference', () => {
    const { item } = only('getupdates-voice.json');
    expect(item).toMatchObject({
      kind: 'voice',
      transcript: '明天早上八点提醒我开会',
      durationMs: 3480,
      encodeType: 6,
      sampleRate: 24000,
    });
    if (item.kind !== 'voice') throw new Error('voice');
    expect(item.media?.media.aes_key).toHaveLength(44);
  });

  it('file: CJK name, plaintext size from the string len, md5 carried to the download check', () => {
    const { item } = only('getupdates-file.json');
    expect(item).toMatchObject({
      kind: 'file',
      fileName: '2026年第三季度报表.xlsx',
      size: 48213,
      md5: '7abe5e949fbd358276fa6cdb0e9d4546',
    });
    if (item.kind !== 'file') throw new Error('file');
    expect(item.media.md5).toBe('7abe5e949fbd358276fa6cdb0e9d4546');
  });

  it('video: media, ciphertext size, play length, md5 and thumbnail', () => {
    const { item } = only('getupdates-video.json');
    expect(item).toMatchObject({
      kind: 'video',
      cipherSize: 2371600,
      playLength: 14,
      md5: '1ce24db3a106940429626631dac2b769',
    });
    if (item.kind !== 'video') throw new Error('video');
    expect(item.thumb?.media.encrypt_query_param).toMatch(/^23ylkn/);
  });

  it('quote with content: the new words and the quoted text with its id as a string', () => {
    const { item } = only('getupdates-quote.json');
    if (item.kind !== 'quote') throw new Error(`expected quote, got ${item.kind}`);
    expect(item.text).toBe('这个数字对吗？');
    expect(item.reply).toBeUndefined();
    expect(item.quoted).toMatchObject({
      id: '7484409702373207424',
      title: '第三季度营收同比增长 12%',
      item: { kind: 'text', text: '第三季度营收同比增长 12%' },
      partial: undefined,
    });
  });

  it('id-only quote: the id and the partial text, with the content from the caller store when known', () => {
    const raw = first('getupdates-quote-id-only.json');
    const unknown = normalizeMessage(raw).items[0]!;
    if (unknown.kind !== 'quote') throw new Error('quote');
    expect(unknown.quoted).toMatchObject({
      id: '7484409702373203424',
      item: undefined,
      partial: {
        start: '营收',
        end: '增长',
        startIndex: 0,
        endIndex: 0,
        md5: 'ecd5f8c75fa13a136cedc67af4d4d86f',
      },
    });
    const stored: IlinkContentItem = {
      kind: 'text',
      text: '第三季度营收同比增长 12%',
      itemId: undefined,
      raw: {},
    };
    const known = normalizeMessage(raw, {
      lookupQuoted: (id) => (id === '7484409702373203424' ? stored : undefined),
    });
    expect(known.items[0]).toMatchObject({
      kind: 'quote',
      text: '再详细说说这一段',
      quoted: { item: stored },
    });
  });
});

describe('normalizeMessage (hostile and odd input)', () => {
  it('marks the bot own messages so a bot never answers itself', () => {
    const echo = { ...first('getupdates-text.json'), from_user_id: CAST.botId };
    expect(normalizeMessage(echo, { botId: CAST.botId }).fromBot).toBe(true);
    expect(normalizeMessage({ ...first('getupdates-text.json'), message_type: 2 }).fromBot).toBe(true);
  });

  it('turns unknown types and items missing what their type needs into unknown items, keeping raw', () => {
    const msg = normalizeMessage({
      message_id: '1',
      from_user_id: CAST.user,
      item_list: [
        { type: 7, msg_id: 'v1:9' },
        { type: 2, image_item: {} },
        { type: 1 },
        'nonsense' as never,
        { type: 3, voice_item: { text: 'only words' } },
      ],
    });
    expect(msg.items.map((i) => i.kind)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'voice']);
    expect(msg.items[0]).toMatchObject({
      reason: 'unsupported item type 7',
      type: 7,
      itemId: 'v1:9',
      raw: { type: 7 },
    });
    expect(msg.items[1]).toMatchObject({ reason: 'image without media' });
    expect(msg.items[4]).toMatchObject({ transcript: 'only words', media: undefined });
  });

  it('never throws on garbage and still gives a stable id', () => {
    const garbage = [
      null,
      42,
      'x',
      [],
      { item_list: 'no' },
      { message_id: { a: 1 }, item_list: [null] },
    ] as never[];
    for (const g of garbage) {
      const a = normalizeMessage(g);
      expect(a.id).toMatch(/^h:[0-9a-f]{24}$/);
      expect(normalizeMessage(g).id).toBe(a.id);
    }
  });

  it('falls back to the first item msg_id when message_id is missing', () => {
    const { message_id: _drop, ...rest } = first('getupdates-text.json');
    expect(normalizeMessage(rest).id).toBe('v1:3306632368402003437');
  });
});
