import type { Logger } from 'pino';
import type { ApiContext } from '../protocol/context.js';
import { newClientMsgId } from '../protocol/ids.js';
import { uploadMediaType } from '../protocol/mime.js';
import {
  revokeMsg,
  type SentMessage,
  sendEmoticon,
  sendFile,
  sendImage,
  sendText,
  sendVideo,
} from '../protocol/send-api.js';
import { CHECK_UPLOAD_THRESHOLD, checkUpload, md5Hex, uploadMedia } from '../protocol/upload-api.js';
import { loadMedia } from './media-input.js';
import type { OutgoingMessage, SendReceipt } from './types.js';

/** Receipts remembered for retries with the same clientMsgId. */
const RECEIPT_MEMORY = 2000;

interface Uploaded {
  readonly mediaId: string;
  readonly name: string;
  readonly size: number;
  readonly signature: string;
}

/**
 * Sends every message kind. Idempotent per `clientMsgId`: a retry of a message that was already
 * accepted returns the first receipt instead of sending again, a retry while the first attempt is
 * still in flight joins it, and a retry after a failed send reuses the uploaded media.
 */
export class Sender {
  readonly #receipts = new Map<string, SendReceipt>();
  readonly #inflight = new Map<string, Promise<SendReceipt>>();
  readonly #uploads = new Map<string, Uploaded>();

  constructor(
    private readonly ctx: () => ApiContext,
    private readonly selfUserName: () => string,
    private readonly log: Logger,
  ) {}

  /** Sends `msg`; see the class doc for the retry guarantees. */
  send(msg: OutgoingMessage, clientMsgId: string = newClientMsgId()): Promise<SendReceipt> {
    const done = this.#receipts.get(clientMsgId);
    if (done) return Promise.resolve(done);
    const running = this.#inflight.get(clientMsgId);
    if (running) return running;
    const p = this.#send(msg, clientMsgId).finally(() => this.#inflight.delete(clientMsgId));
    this.#inflight.set(clientMsgId, p);
    return p;
  }

  /** Recalls a sent message (within 2 minutes of sending). */
  revoke(receipt: SendReceipt): Promise<void> {
    return revokeMsg(this.ctx(), { msgId: receipt.msgId, clientMsgId: receipt.clientMsgId, to: receipt.to });
  }

  async #send(msg: OutgoingMessage, clientMsgId: string): Promise<SendReceipt> {
    const ctx = this.ctx();
    const a = { from: this.selfUserName(), to: msg.to, clientMsgId };
    let sent: SentMessage;
    switch (msg.kind) {
      case 'text':
        sent = await sendText(ctx, {
          ...a,
          text: msg.text,
          ...(msg.mentions ? { mentions: msg.mentions } : {}),
        });
        break;
      case 'image':
        sent = await sendImage(ctx, { ...a, mediaId: (await this.#upload(msg, clientMsgId)).mediaId });
        break;
      case 'video':
        sent = await sendVideo(ctx, { ...a, mediaId: (await this.#upload(msg, clientMsgId)).mediaId });
        break;
      case 'file': {
        const up = await this.#upload(msg, clientMsgId);
        sent = await sendFile(ctx, {
          ...a,
          name: up.name,
          size: up.size,
          mediaId: up.mediaId,
          signature: up.signature,
        });
        break;
      }
      case 'emoticon':
        sent =
          'md5' in msg
            ? await sendEmoticon(ctx, { ...a, md5: msg.md5 })
            : await sendEmoticon(ctx, { ...a, mediaId: (await this.#upload(msg, clientMsgId)).mediaId });
        break;
    }
    const receipt: SendReceipt = { msgId: sent.msgId, clientMsgId, to: msg.to };
    this.#remember(clientMsgId, receipt);
    if (this.log.isLevelEnabled('debug')) this.log.debug({ kind: msg.kind, msgId: sent.msgId }, 'sent');
    return receipt;
  }

  async #upload(msg: Extract<OutgoingMessage, { media: unknown }>, clientMsgId: string): Promise<Uploaded> {
    const cached = this.#uploads.get(clientMsgId);
    if (cached) return cached;
    const ctx = this.ctx();
    const media = await loadMedia(msg.media);
    const from = this.selfUserName();
    let signature = '';
    let aesKey = '';
    if (media.data.length > CHECK_UPLOAD_THRESHOLD) {
      const check = await checkUpload(ctx, {
        from,
        to: msg.to,
        size: media.data.length,
        md5: md5Hex(media.data),
        name: media.name,
      });
      signature = check.signature;
      aesKey = check.aesKey;
      if (check.mediaId) {
        const up = { mediaId: check.mediaId, name: media.name, size: media.data.length, signature };
        this.#uploads.set(clientMsgId, up);
        return up;
      }
    }
    const res = await uploadMedia(ctx, {
      data: media.data,
      name: media.name,
      mime: media.mime,
      mediaType: uploadMediaType(media.mime),
      from,
      to: msg.to,
      ...(aesKey ? { aesKey } : {}),
      ...(signature ? { signature } : {}),
    });
    const up = { mediaId: res.mediaId, name: media.name, size: media.data.length, signature };
    this.#uploads.set(clientMsgId, up);
    if (this.#uploads.size > RECEIPT_MEMORY)
      this.#uploads.delete(this.#uploads.keys().next().value as string);
    return up;
  }

  #remember(clientMsgId: string, receipt: SendReceipt): void {
    this.#uploads.delete(clientMsgId);
    this.#receipts.set(clientMsgId, receipt);
    if (this.#receipts.size > RECEIPT_MEMORY)
      this.#receipts.delete(this.#receipts.keys().next().value as string);
  }
}
