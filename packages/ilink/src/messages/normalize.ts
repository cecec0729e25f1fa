import { createHash } from 'node:crypto';
import type { MediaRef } from '../media/download.js';
import {
  type CdnMedia,
  type MessageItem,
  MessageItemType,
  MessageType,
  type RefMessage,
  type WeixinMessage,
} from '../protocol/types.js';
import type { IlinkContentItem, IlinkItem, IlinkMessage, PartialQuote, QuotedMessage } from './types.js';

/** Options of {@link normalizeMessage}. */
export interface NormalizeOptions {
  /** The bot's own id: messages from it are marked `fromBot`. */
  readonly botId?: string | undefined;
  /**
   * Finds a quoted message by id when the server sent only the id (newer WeChat clients). Usually
   * backed by a store of recent messages; return undefined when unknown.
   */
  readonly lookupQuoted?: ((id: string) => IlinkContentItem | undefined) | undefined;
}

// Everything below reads untrusted JSON: each accessor checks the type and never throws.
type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** uint64 ids arrive as strings (lossless parser) but accept numbers too. */
const id = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

function mediaRef(value: unknown, hexKey?: unknown, md5?: unknown): MediaRef | undefined {
  const m = obj(value);
  if (!m) return undefined;
  const media: CdnMedia = {
    ...(str(m.encrypt_query_param) ? { encrypt_query_param: str(m.encrypt_query_param) } : {}),
    ...(str(m.aes_key) ? { aes_key: str(m.aes_key) } : {}),
    ...(num(m.encrypt_type) !== undefined ? { encrypt_type: num(m.encrypt_type) } : {}),
    ...(str(m.full_url) ? { full_url: str(m.full_url) } : {}),
  };
  if (!media.encrypt_query_param && !media.full_url) return undefined;
  return { media, hexKey: str(hexKey) || undefined, md5: str(md5) || undefined };
}

function parseLen(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : str(v);
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

/** Normalizes one item that is not a quote (a quote's content goes through here too). */
export function normalizeContentItem(raw: MessageItem): IlinkContentItem {
  const item = raw as unknown as Loose;
  const type = num(item.type);
  const base = { itemId: id(item.msg_id), raw };
  const unknown = (reason: string): IlinkContentItem => ({ kind: 'unknown', type, reason, ...base });
  switch (type) {
    case MessageItemType.TEXT: {
      const text = str(obj(item.text_item)?.text);
      return text === undefined ? unknown('text item without text') : { kind: 'text', text, ...base };
    }
    case MessageItemType.IMAGE: {
      const image = obj(item.image_item);
      const media = mediaRef(image?.media, image?.aeskey);
      if (!image || !media) return unknown('image without media');
      return {
        kind: 'image',
        media,
        thumb: mediaRef(image.thumb_media, image.aeskey),
        cipherSize: num(image.mid_size),
        thumbWidth: num(image.thumb_width),
        thumbHeight: num(image.thumb_height),
        ...base,
      };
    }
    case MessageItemType.VOICE: {
      const voice = obj(item.voice_item);
      if (!voice) return unknown('voice item without voice_item');
      const transcript = str(voice.text);
      const media = mediaRef(voice.media);
      if (!media && !transcript) return unknown('voice without audio or transcript');
      return {
        kind: 'voice',
        transcript: transcript || undefined,
        durationMs: num(voice.playtime),
        encodeType: num(voice.encode_type),
        sampleRate: num(voice.sample_rate),
        media,
        ...base,
      };
    }
    case MessageItemType.FILE: {
      const file = obj(item.file_item);
      const media = mediaRef(file?.media, undefined, file?.md5);
      if (!file || !media) return unknown('file without media');
      return {
        kind: 'file',
        fileName: str(file.file_name) || 'file',
        size: parseLen(file.len),
        md5: str(file.md5) || undefined,
        media,
        ...base,
      };
    }
    case MessageItemType.VIDEO: {
      const video = obj(item.video_item);
      const media = mediaRef(video?.media, undefined, video?.video_md5);
      if (!video || !media) return unknown('video without media');
      return {
        kind: 'video',
        media,
        thumb: mediaRef(video.thumb_media),
        playLength: num(video.play_length),
        cipherSize: num(video.video_size),
        md5: str(video.video_md5) || undefined,
        ...base,
      };
    }
    default:
      return unknown(type === undefined ? 'item without a type' : `unsupported item type ${type}`);
  }
}

function partialQuote(value: unknown): PartialQuote | undefined {
  const p = obj(value);
  if (!p) return undefined;
  const start = str(p.start);
  const end = str(p.end);
  if (start === undefined && end === undefined) return undefined;
  return {
    start: start ?? '',
    end: end ?? '',
    startIndex: num(p.startindex) ?? 0,
    endIndex: num(p.endindex) ?? 0,
    md5: str(p.quotemd5) || undefined,
  };
}

function quotedMessage(ref: RefMessage, lookup: NormalizeOptions['lookupQuoted']): QuotedMessage {
  const r = ref as unknown as Loose;
  const rawItem = obj(r.message_item) as MessageItem | undefined;
  const quotedId = id(r.svr_id) ?? (rawItem ? id((rawItem as unknown as Loose).msg_id) : undefined);
  // An id-only quote carries {type: 0, msg_id}: its content is in the caller's store, if anywhere.
  let item =
    rawItem && num((rawItem as unknown as Loose).type) !== MessageItemType.NONE
      ? normalizeContentItem(rawItem)
      : undefined;
  if (item?.kind === 'unknown') item = undefined;
  if (!item && quotedId !== undefined && lookup) {
    try {
      item = lookup(quotedId);
    } catch {
      item = undefined;
    }
  }
  return { id: quotedId, title: str(r.title) || undefined, item, partial: partialQuote(r.partial_text) };
}

/** Normalizes one item; an item with `ref_msg` becomes a `quote`. */
export function normalizeItem(raw: MessageItem, options: NormalizeOptions = {}): IlinkItem {
  const content = normalizeContentItem(raw);
  const ref = obj((raw as unknown as Loose).ref_msg) as RefMessage | undefined;
  if (!ref) return content;
  const quoted = quotedMessage(ref, options.lookupQuoted);
  const text = content.kind === 'text' ? content.text : '';
  return {
    kind: 'quote',
    text,
    reply: content.kind === 'text' ? undefined : content,
    quoted,
    itemId: content.itemId,
    raw,
  };
}

function fallbackId(m: Loose): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        str(m.from_user_id),
        num(m.create_time_ms),
        num(m.seq),
        str(m.client_id),
        m.item_list ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 24);
  return `h:${hash}`;
}

/**
 * Turns a wire `WeixinMessage` into an {@link IlinkMessage}: typed items (text, image, voice with its
 * transcript, file, video, quote with the quoted message, unknown), a stable id, the sender and the
 * context token. Pure: no I/O, never throws, keeps `raw`.
 *
 * @example
 * const msg = normalizeMessage(update.msgs[0], { botId: creds.botId });
 * for (const item of msg.items) if (item.kind === 'text') console.log(item.text);
 */
export function normalizeMessage(raw: WeixinMessage, options: NormalizeOptions = {}): IlinkMessage {
  const m = (obj(raw) ?? {}) as Loose;
  const list = Array.isArray(m.item_list) ? m.item_list : [];
  const items: IlinkItem[] = [];
  for (const entry of list) {
    const item = obj(entry);
    items.push(
      item
        ? normalizeItem(item as MessageItem, options)
        : { kind: 'unknown', type: undefined, reason: 'item is not an object', itemId: undefined, raw: {} },
    );
  }
  const from = str(m.from_user_id) ?? '';
  const firstItemId = items.find((i) => i.itemId !== undefined)?.itemId;
  return {
    id: id(m.message_id) ?? firstItemId ?? fallbackId(m),
    seq: num(m.seq),
    from,
    to: str(m.to_user_id) ?? '',
    contextToken: str(m.context_token) || undefined,
    createdAtMs: num(m.create_time_ms),
    fromBot:
      num(m.message_type) === MessageType.BOT || (options.botId !== undefined && from === options.botId),
    groupId: str(m.group_id) || undefined,
    items,
    raw,
  };
}
