import type { IlinkCore } from './core.js';
import { aesEcbEncrypt, encodeAesKey, md5Hex, newAesKey } from './crypto.js';
import { newItemMsgId } from './ids.js';

/** Bytes used as a thumbnail when a spec gives none. */
const DEFAULT_THUMB = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61',
  'hex',
);

/** Partial-quote selector (`ref_msg.partial_text`). */
export interface IlinkPartialQuote {
  start: string;
  end: string;
  startindex?: number;
  endindex?: number;
  /** MD5 hex of the selected text; computed from `selected` when given. */
  quotemd5?: string;
  selected?: string;
}

/** What the scripted user sends to the bot. Media `data` is the plaintext; the simulator encrypts it. */
export type IlinkUserMessageSpec =
  | { kind: 'text'; text: string }
  | {
      kind: 'image';
      data: Uint8Array;
      thumb?: Uint8Array;
      thumbWidth?: number;
      thumbHeight?: number;
    }
  | { kind: 'voice'; data: Uint8Array; transcript?: string; playtimeMs?: number }
  | { kind: 'file'; data: Uint8Array; fileName: string }
  | { kind: 'video'; data: Uint8Array; thumb?: Uint8Array; playLength?: number }
  | {
      kind: 'quote';
      text: string;
      /** The quoted message's `message_id` (a user message or something the bot sent). */
      quotedId: bigint | string;
      /** Text of the quoted message (full quotes); looked up when omitted. */
      quotedText?: string;
      /** Newer-client form: only `svr_id` and `{type:0, msg_id}`. */
      idOnly?: boolean;
      /** Quote without any `ref_msg` (seen for media quotes). */
      noRef?: boolean;
      partial?: IlinkPartialQuote;
    };

/** The CDN reference of an inbound media file. */
interface Uploaded {
  media: Record<string, unknown>;
  key: Buffer;
  cipherSize: number;
}

function store(
  core: IlinkCore,
  botId: string,
  data: Uint8Array,
  mediaType: number,
  keyEncoding: 'base64-raw' | 'base64-hex',
  fullUrl: boolean,
): Uploaded {
  const key = newAesKey();
  const ciphertext = aesEcbEncrypt(data, key);
  const blob = core.cdn.put({
    ciphertext,
    plaintext: Buffer.from(data),
    key,
    origin: 'user',
    botId,
    mediaType,
  });
  const media: Record<string, unknown> = {
    encrypt_query_param: blob.downloadParam,
    aes_key: encodeAesKey(key, keyEncoding),
    encrypt_type: 1,
  };
  if (fullUrl) {
    media.full_url = `${core.cdnBaseUrl()}/download?encrypted_query_param=${encodeURIComponent(blob.downloadParam)}`;
  }
  return { media, key, cipherSize: ciphertext.length };
}

function quotedTimes(core: IlinkCore, id: string): number {
  for (const b of core.bots.all()) {
    const m = b.queue.find((q) => String(q.messageId) === id);
    if (m) return m.json.create_time_ms as number;
  }
  return core.sendLog.find((s) => String(s.messageId) === id)?.timeMs ?? core.now;
}

function quotedTextOf(core: IlinkCore, id: string): string {
  const sent = core.sendLog.find((s) => String(s.messageId) === id);
  if (sent?.text !== undefined) return sent.text;
  for (const b of core.bots.all()) {
    const m = b.queue.find((q) => String(q.messageId) === id);
    const item = (m?.json.item_list as Array<Record<string, unknown>> | undefined)?.[0];
    const text = (item?.text_item as { text?: string } | undefined)?.text;
    if (text !== undefined) return text;
  }
  return '';
}

function refMsg(
  core: IlinkCore,
  spec: Extract<IlinkUserMessageSpec, { kind: 'quote' }>,
): Record<string, unknown> {
  const id = String(spec.quotedId);
  const t = quotedTimes(core, id);
  const times = { create_time_ms: t, update_time_ms: t, is_completed: true };
  if (spec.idOnly) {
    const p = spec.partial;
    return {
      svr_id: id,
      message_item: { type: 0, msg_id: id, ...times },
      ...(p
        ? {
            partial_text: {
              start: p.start,
              end: p.end,
              startindex: p.startindex ?? 0,
              endindex: p.endindex ?? 0,
              quotemd5: p.quotemd5 ?? md5Hex(Buffer.from(p.selected ?? `${p.start}${p.end}`)),
            },
          }
        : {}),
    };
  }
  const text = spec.quotedText ?? quotedTextOf(core, id);
  return { title: text, message_item: { type: 1, text_item: { text }, msg_id: id, ...times } };
}

/** Builds the single `MessageItem` (without its timestamps and ids) of a spec; media go to the CDN. */
export function buildItem(
  core: IlinkCore,
  botId: string,
  spec: IlinkUserMessageSpec,
): Record<string, unknown> {
  switch (spec.kind) {
    case 'text':
      return { type: 1, text_item: { text: spec.text }, button_item_list: [] };
    case 'quote':
      return spec.noRef
        ? { type: 1, text_item: { text: spec.text } }
        : { type: 1, text_item: { text: spec.text }, ref_msg: refMsg(core, spec) };
    case 'image': {
      const main = store(core, botId, spec.data, 1, 'base64-raw', true);
      const thumbData = spec.thumb ?? DEFAULT_THUMB;
      // One key for the image and its thumbnail, as the fixture shows; the thumbnail is re-encrypted with it.
      const thumbCipher = aesEcbEncrypt(thumbData, main.key);
      const thumbBlob = core.cdn.put({
        ciphertext: thumbCipher,
        plaintext: Buffer.from(thumbData),
        key: main.key,
        origin: 'user',
        botId,
        mediaType: 1,
      });
      return {
        type: 2,
        image_item: {
          media: main.media,
          thumb_media: {
            encrypt_query_param: thumbBlob.downloadParam,
            aes_key: main.media.aes_key,
            encrypt_type: 1,
          },
          aeskey: main.key.toString('hex'),
          mid_size: main.cipherSize,
          hd_size: main.cipherSize,
          thumb_size: thumbCipher.length,
          thumb_height: spec.thumbHeight ?? 160,
          thumb_width: spec.thumbWidth ?? 120,
        },
      };
    }
    case 'voice': {
      const v = store(core, botId, spec.data, 4, 'base64-hex', false);
      return {
        type: 3,
        voice_item: {
          media: v.media,
          encode_type: 6,
          bits_per_sample: 16,
          sample_rate: 24000,
          playtime: spec.playtimeMs ?? 1000,
          ...(spec.transcript !== undefined ? { text: spec.transcript } : {}),
        },
      };
    }
    case 'file': {
      const f = store(core, botId, spec.data, 3, 'base64-hex', false);
      return {
        type: 4,
        file_item: {
          media: f.media,
          file_name: spec.fileName,
          md5: md5Hex(spec.data),
          len: String(spec.data.length),
        },
      };
    }
    case 'video': {
      const v = store(core, botId, spec.data, 2, 'base64-hex', false);
      const thumbData = spec.thumb ?? DEFAULT_THUMB;
      const thumbCipher = aesEcbEncrypt(thumbData, v.key);
      const thumbBlob = core.cdn.put({
        ciphertext: thumbCipher,
        plaintext: Buffer.from(thumbData),
        key: v.key,
        origin: 'user',
        botId,
        mediaType: 2,
      });
      return {
        type: 5,
        video_item: {
          media: v.media,
          video_size: v.cipherSize,
          play_length: spec.playLength ?? 10,
          video_md5: md5Hex(spec.data),
          thumb_media: {
            encrypt_query_param: thumbBlob.downloadParam,
            aes_key: v.media.aes_key,
            encrypt_type: 1,
          },
          thumb_size: thumbCipher.length,
          thumb_height: 480,
          thumb_width: 270,
        },
      };
    }
  }
}

/** Wraps an item into a `WeixinMessage` in the field order of the fixtures. */
export function buildMessage(init: {
  seq: number;
  messageId: bigint;
  from: string;
  to: string;
  timeMs: number;
  messageType: number;
  item: Record<string, unknown>;
  contextToken: string;
  groupId?: string;
}): Record<string, unknown> {
  const t = init.timeMs;
  return {
    seq: init.seq,
    message_id: init.messageId,
    from_user_id: init.from,
    to_user_id: init.to,
    ...(init.groupId === undefined ? {} : { group_id: init.groupId }),
    create_time_ms: t,
    update_time_ms: t,
    message_type: init.messageType,
    message_state: 2,
    item_list: [
      { ...init.item, create_time_ms: t, update_time_ms: t, is_completed: true, msg_id: newItemMsgId() },
    ],
    context_token: init.contextToken,
  };
}
