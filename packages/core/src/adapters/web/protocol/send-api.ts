import { WxApiError } from '../../../errors.js';
import { type ApiContext, baseRequest, postJson, raw } from './context.js';
import { parseApiJson, str } from './parse.js';

/** What a send endpoint answers: the server MsgID and the LocalID used. */
export interface SentMessage {
  readonly msgId: string;
  readonly localId: string;
}

/** Fields every sent `Msg` carries. */
export interface MsgAddress {
  readonly from: string;
  readonly to: string;
  /** LocalID = ClientMsgId (17 digits, §7.1). */
  readonly clientMsgId: string;
}

function parseSent(endpoint: string, text: string, clientMsgId: string): SentMessage {
  const json = parseApiJson(endpoint, text);
  const msgId = str(json.MsgID);
  if (!msgId) throw new WxApiError(endpoint, undefined, `${endpoint}: answer has no MsgID`);
  return { msgId, localId: str(json.LocalID) || clientMsgId };
}

async function send(
  ctx: ApiContext,
  endpoint: string,
  query: Record<string, string | number | { raw: string } | undefined>,
  a: MsgAddress,
  msg: Record<string, unknown>,
  signal?: AbortSignal,
  scene = 0,
): Promise<SentMessage> {
  // The address goes after the kind's own fields, in this order (as the body always had them).
  msg.FromUserName = a.from;
  msg.ToUserName = a.to;
  msg.LocalID = a.clientMsgId;
  msg.ClientMsgId = a.clientMsgId;
  const body = { BaseRequest: baseRequest(ctx.creds), Msg: msg, Scene: scene };
  return parseSent(endpoint, await postJson(ctx, endpoint, query, body, signal), a.clientMsgId);
}

/** The `MsgSource` that makes a group text @-mention people (§6.3). */
export function mentionSource(userNames: readonly string[], group: string): string {
  return `<msgsource><atusername>${userNames.join(',')}</atusername><atchatroomname>${group}</atchatroomname></msgsource>`;
}

/**
 * `webwxsendmsg` with Type 1: plain text (real newlines, raw emoji, no escaping). In a group,
 * `mentions` (UserNames) adds the MsgSource; the text should contain `@Name ` for each.
 */
export function sendText(
  ctx: ApiContext,
  a: MsgAddress & { readonly text: string; readonly mentions?: readonly string[] },
  signal?: AbortSignal,
): Promise<SentMessage> {
  const msg: Record<string, unknown> = { Type: 1, Content: a.text };
  if (a.mentions && a.mentions.length > 0 && a.to.startsWith('@@'))
    msg.MsgSource = mentionSource(a.mentions, a.to);
  return send(
    ctx,
    'webwxsendmsg',
    { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    a,
    msg,
    signal,
  );
}

/** `webwxsendmsg` forwarding a location (Type 48 + OriContent) or a card (Type 42), Scene 2. */
export function sendRawMsg(
  ctx: ApiContext,
  a: MsgAddress & { readonly type: number; readonly content: string },
  signal?: AbortSignal,
): Promise<SentMessage> {
  const query = { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) };
  return send(ctx, 'webwxsendmsg', query, a, { Type: a.type, Content: a.content, MediaId: '' }, signal, 2);
}

/** `webwxsendmsgimg`: an uploaded picture (Type 3). */
export function sendImage(
  ctx: ApiContext,
  a: MsgAddress & { readonly mediaId: string },
  signal?: AbortSignal,
) {
  const query = { fun: 'async', f: 'json', pass_ticket: raw(ctx.creds.passTicket) };
  return send(ctx, 'webwxsendmsgimg', query, a, { Type: 3, MediaId: a.mediaId, Content: '' }, signal);
}

/** `webwxsendvideomsg`: an uploaded video (Type 43). */
export function sendVideo(
  ctx: ApiContext,
  a: MsgAddress & { readonly mediaId: string },
  signal?: AbortSignal,
) {
  const query = { fun: 'async', f: 'json', pass_ticket: raw(ctx.creds.passTicket) };
  return send(ctx, 'webwxsendvideomsg', query, a, { Type: 43, MediaId: a.mediaId, Content: '' }, signal);
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `appmsg` XML of a file message (§7.5): single-quoted attributes, no newlines. */
export function fileAppMsg(args: {
  readonly name: string;
  readonly size: number;
  readonly mediaId: string;
}): string {
  const dot = args.name.lastIndexOf('.');
  const ext = dot > 0 ? args.name.slice(dot + 1) : '';
  return (
    `<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''><title>${xmlText(args.name)}</title><des></des><action></action>` +
    `<type>6</type><content></content><url></url><lowurl></lowurl><appattach><totallen>${args.size}</totallen>` +
    `<attachid>${args.mediaId}</attachid><fileext>${xmlText(ext)}</fileext></appattach><extinfo></extinfo></appmsg>`
  );
}

/** `webwxsendappmsg` Type 6: an uploaded file. `signature` comes from checkupload (> 25 MB). */
export function sendFile(
  ctx: ApiContext,
  a: MsgAddress & {
    readonly name: string;
    readonly size: number;
    readonly mediaId: string;
    readonly signature?: string;
  },
  signal?: AbortSignal,
): Promise<SentMessage> {
  const query = {
    fun: 'async',
    f: 'json',
    mod: ctx.mode === 'desktop' ? 'desktop' : undefined,
    pass_ticket: raw(ctx.creds.passTicket),
  };
  const msg: Record<string, unknown> = { Type: 6, Content: fileAppMsg(a) };
  if (a.signature) msg.Signature = a.signature;
  return send(ctx, 'webwxsendappmsg', query, a, msg, signal);
}

/** `webwxsendemoticon` Type 47: an uploaded gif (`mediaId`) or a known sticker (`md5`). */
export function sendEmoticon(
  ctx: ApiContext,
  a: MsgAddress & ({ readonly mediaId: string } | { readonly md5: string }),
  signal?: AbortSignal,
): Promise<SentMessage> {
  const query = { fun: 'sys', lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) };
  const msg: Record<string, unknown> =
    'mediaId' in a
      ? { Type: 47, EmojiFlag: 2, MediaId: a.mediaId }
      : { Type: 47, EmojiFlag: 2, EMoticonMd5: a.md5 };
  return send(ctx, 'webwxsendemoticon', query, a, msg, signal);
}

/** `webwxrevokemsg`: recall a message sent within the last 2 minutes (§7.6). */
export async function revokeMsg(
  ctx: ApiContext,
  a: { readonly msgId: string; readonly clientMsgId: string; readonly to: string },
  signal?: AbortSignal,
): Promise<void> {
  const text = await postJson(
    ctx,
    'webwxrevokemsg',
    { lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    { BaseRequest: baseRequest(ctx.creds), SvrMsgId: a.msgId, ToUserName: a.to, ClientMsgId: a.clientMsgId },
    signal,
  );
  parseApiJson('webwxrevokemsg', text);
}
