import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

// Real-shaped identifiers (protocol.md §14). All random; none of them is parsed by a client.

const hex = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
const B64URLISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `3f9c0a7d52e1@im.bot`: 12 lowercase hex + `@im.bot`. */
export function newBotId(): string {
  return `${hex(12)}@im.bot`;
}

/** `<bot id>:0600` + 34 hex (38 hex after the colon, like the fixtures). */
export function newBotToken(botId: string): string {
  return `${botId}:0600${hex(34)}`;
}

/** `o9cq80` + 22 base64url-ish characters + `@im.wechat` (38 characters in all). */
export function newUserId(): string {
  let s = 'o9cq80';
  for (let i = 0; i < 22; i++) s += B64URLISH[randomInt(B64URLISH.length)];
  return `${s}@im.wechat`;
}

/** A QR polling handle: 32 lowercase hex. */
export function newQrcode(): string {
  return hex(32);
}

/** A 144-character base64 context token starting `AARzJWAF` like the real ones. */
export function newContextToken(): string {
  return Buffer.concat([Buffer.from([0x00, 0x04, 0x73, 0x25, 0x60, 0x05]), randomBytes(102)]).toString(
    'base64',
  );
}

/** A base64 typing ticket (88 characters). */
export function newTypingTicket(): string {
  return randomBytes(66).toString('base64');
}

/** An opaque CDN parameter (upload or download), ~152 base64 characters. */
export function newCdnParam(): string {
  return randomBytes(114).toString('base64');
}

/** A six-digit pair code shown on the phone. */
export function newVerifyCode(): string {
  return String(randomInt(100000, 1000000));
}

/** Server message ids: uint64 values above 2^53 that increase, so the JSON digits matter. */
export class MessageIds {
  private next = 7484409702373200000n + BigInt(randomInt(1_000_000)) * 1000n;

  /** A new server-global `message_id`. */
  take(): bigint {
    this.next += BigInt(randomInt(1, 5000));
    return this.next;
  }
}

/** A per-item `msg_id` (`"v1:<uint64>"`). */
export function newItemMsgId(): string {
  return `v1:${3306632368402000000n + BigInt(randomInt(1, 2 ** 40))}`;
}

/**
 * Cursor codec: a base64, protobuf-looking blob (`ChAI…`, 88 characters) carrying the bot's binding
 * generation and the last delivered `seq`, signed so a tampered or foreign cursor is recognised.
 */
export class CursorCodec {
  private readonly secret = randomBytes(32);

  encode(botId: string, generation: number, seq: number): string {
    const inner = Buffer.alloc(16);
    inner[0] = 0x08;
    inner.writeUIntBE(seq, 1, 6);
    inner.writeUInt32BE(generation >>> 0, 7);
    randomBytes(5).copy(inner, 11);
    const mac = createHmac('sha256', this.secret).update(botId).update(inner).digest().subarray(0, 30);
    const tail = Buffer.concat([mac, createHash('md5').update(mac).digest().subarray(0, 14)]);
    return Buffer.concat([Buffer.from([0x0a, 0x10]), inner, Buffer.from([0x12, 0x2c]), tail]).toString(
      'base64',
    );
  }

  /** The `{generation, seq}` of a cursor issued for `botId`, or `undefined` for anything else. */
  decode(botId: string, cursor: string): { generation: number; seq: number } | undefined {
    const buf = Buffer.from(cursor, 'base64');
    if (buf.length !== 64 || buf.toString('base64') !== cursor) return undefined;
    if (buf[0] !== 0x0a || buf[1] !== 0x10 || buf[18] !== 0x12 || buf[19] !== 0x2c) return undefined;
    const inner = buf.subarray(2, 18);
    const mac = createHmac('sha256', this.secret).update(botId).update(inner).digest().subarray(0, 30);
    if (!mac.equals(buf.subarray(20, 50))) return undefined;
    return { seq: inner.readUIntBE(1, 6), generation: inner.readUInt32BE(7) };
  }
}
