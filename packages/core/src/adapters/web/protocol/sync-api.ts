import { WxApiError } from '../../../errors.js';
import { type ApiContext, apiUrl, baseRequest, CGI, postJson, raw } from './context.js';
import { formatSyncKey, isUsableSyncKey, notNow } from './ids.js';
import { arr, jsObjectField, num, parseApiJson, str } from './parse.js';
import type { WireContact, WireMessage, WireProfile, WireSyncKey, WireSyncResponse } from './wire.js';

/** A synccheck answer: both values as numbers. */
export interface SyncCheckResult {
  readonly retcode: number;
  readonly selector: number;
}

/**
 * `synccheck` long-poll on the push host (§5.1). `key` is the SyncCheckKey when known, else SyncKey.
 * A missing/garbled body becomes a WxApiError (ret undefined).
 */
export async function syncCheck(
  ctx: ApiContext,
  args: { readonly key: WireSyncKey; readonly pushHost?: string; readonly nonce: number },
  signal?: AbortSignal,
): Promise<SyncCheckResult> {
  const url = apiUrl(args.pushHost ?? ctx.hosts.push, `${CGI}/synccheck`, {
    r: Date.now(),
    skey: ctx.creds.skey,
    sid: ctx.creds.sid,
    uin: ctx.creds.uin,
    deviceid: ctx.creds.deviceId,
    synckey: formatSyncKey(args.key),
    _: args.nonce,
  });
  const res = await ctx.http.text({ endpoint: 'synccheck', url, timeoutMs: ctx.timeouts.syncCheck, signal });
  return parseSyncCheck(res.data);
}

/** Parses `window.synccheck={retcode:"0",selector:"2"}` (exported for replay tests). */
export function parseSyncCheck(body: string): SyncCheckResult {
  const retcode = jsObjectField(body, 'retcode');
  const selector = jsObjectField(body, 'selector');
  if (retcode === undefined || !/^-?\d+$/.test(retcode)) {
    throw new WxApiError('synccheck', undefined, 'synccheck: unreadable answer');
  }
  return { retcode: Number(retcode), selector: selector && /^\d+$/.test(selector) ? Number(selector) : 0 };
}

/** A `webwxsync` answer with every list present (missing lists become empty). */
export type SyncResult = WireSyncResponse;

/** `webwxsync`: fetch what synccheck announced (§5.2). Send the full SyncKey, not SyncCheckKey. */
export async function webwxsync(
  ctx: ApiContext,
  key: WireSyncKey,
  signal?: AbortSignal,
): Promise<SyncResult> {
  const text = await postJson(
    ctx,
    'webwxsync',
    { sid: ctx.creds.sid, skey: ctx.creds.skey, lang: ctx.lang, pass_ticket: raw(ctx.creds.passTicket) },
    { BaseRequest: baseRequest(ctx.creds), SyncKey: key, rr: notNow() },
    signal,
  );
  return parseSync(text);
}

const EMPTY_KEY: WireSyncKey = { Count: 0, List: [] };

/** Parses a `webwxsync` answer once, tolerating missing lists (exported for replay tests). */
export function parseSync(text: string): SyncResult {
  const json = parseApiJson('webwxsync', text);
  const msgs = arr<WireMessage>(json.AddMsgList).filter(
    (m) => !!m && typeof m === 'object' && (typeof m.MsgId === 'string' || typeof m.MsgId === 'number'),
  );
  // MsgId is a string on the wire; coerce defensively so it is always a string key.
  for (const m of msgs) if (typeof m.MsgId !== 'string') m.MsgId = String(m.MsgId);
  const mods = arr<WireContact>(json.ModContactList).filter((c) => !!c && typeof c.UserName === 'string');
  const dels = arr<{ UserName: string; ContactFlag: number }>(json.DelContactList).filter(
    (c) => !!c && typeof c.UserName === 'string',
  );
  return {
    BaseResponse: { Ret: 0, ErrMsg: '' },
    AddMsgCount: msgs.length,
    AddMsgList: msgs,
    ModContactCount: mods.length,
    ModContactList: mods,
    DelContactCount: dels.length,
    DelContactList: dels,
    ModChatRoomMemberCount: num(json.ModChatRoomMemberCount),
    ModChatRoomMemberList: arr(json.ModChatRoomMemberList),
    Profile: (json.Profile as WireProfile | undefined) ?? {
      BitFlag: 0,
      UserName: { Buff: '' },
      NickName: { Buff: '' },
    },
    ContinueFlag: num(json.ContinueFlag),
    SyncKey: isUsableSyncKey(json.SyncKey) ? json.SyncKey : EMPTY_KEY,
    ...(isUsableSyncKey(json.SyncCheckKey) ? { SyncCheckKey: json.SyncCheckKey } : {}),
    SKey: str(json.SKey),
  };
}
