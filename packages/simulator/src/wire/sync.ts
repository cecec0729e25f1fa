import { buildProfile } from './contact.js';
import type {
  WireDelContactRecord,
  WireMessageRecord,
  WireModContactRecord,
  WireProfileRecord,
  WireSyncKey,
  WireSyncResponse,
} from './types.js';

/** Parts of a `webwxsync` answer; everything omitted is empty. */
export interface SyncResponseParts {
  syncKey: WireSyncKey;
  /** Defaults to `syncKey`. */
  syncCheckKey?: WireSyncKey;
  addMsgList?: WireMessageRecord[];
  modContactList?: WireModContactRecord[];
  delContactList?: WireDelContactRecord[];
  profile?: WireProfileRecord;
  continueFlag?: number;
  /** Usually `''`. */
  skey?: string;
  ret?: number;
}

/**
 * A complete `webwxsync` body in wire order with every count present (fixtures' key order:
 * … `ContinueFlag`, `SyncKey`, `SKey`, `SyncCheckKey`).
 *
 * @example
 * toWireJson(buildSyncResponse({ syncKey, addMsgList: [record] }));
 */
export function buildSyncResponse(parts: SyncResponseParts): WireSyncResponse {
  const add = parts.addMsgList ?? [];
  const mod = parts.modContactList ?? [];
  const del = parts.delContactList ?? [];
  return {
    BaseResponse: { Ret: parts.ret ?? 0, ErrMsg: '' },
    AddMsgCount: add.length,
    AddMsgList: add,
    ModContactCount: mod.length,
    ModContactList: mod,
    DelContactCount: del.length,
    DelContactList: del,
    ModChatRoomMemberCount: 0,
    ModChatRoomMemberList: [],
    Profile: parts.profile ?? buildProfile(),
    ContinueFlag: parts.continueFlag ?? 0,
    SyncKey: parts.syncKey,
    SKey: parts.skey ?? '',
    SyncCheckKey: parts.syncCheckKey ?? parts.syncKey,
  };
}
