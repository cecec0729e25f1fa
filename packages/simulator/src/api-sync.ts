import { jsonEndpoint } from './api-common.js';
import { authSynccheck } from './auth.js';
import type { SimCore } from './core.js';
import { holdLongPoll } from './hold.js';
import { type RequestContext, sendJs } from './http.js';
import { statusCode } from './session.js';
import { parseSyncKeyObject, parseSyncKeyParam } from './sync-log.js';
import {
  buildDelContactRecord,
  buildProfile,
  buildSyncResponse,
  type WireDelContactRecord,
  type WireMessageRecord,
  type WireModContactRecord,
} from './wire/index.js';

/** `window.synccheck={retcode:"R",selector:"S"}` exactly as the server writes it. */
export function synccheckBody(retcode: number, selector: number): string {
  return `window.synccheck={retcode:"${retcode}",selector:"${selector}"}`;
}

/**
 * `GET synccheck` on the push host. Answers at once when events are pending after the given key
 * (so a stale key spins), otherwise holds for `syncHoldMs` and answers selector 0. Ends early with the
 * session's retcode if it is logged out meanwhile.
 */
export function handleSynccheck(core: SimCore, ctx: RequestContext): void {
  const auth = authSynccheck(core, ctx);
  if (!auth.ok) {
    sendJs(ctx.res, synccheckBody(auth.code, 0));
    return;
  }
  const s = auth.session;
  const keys = parseSyncKeyParam(ctx.query.get('synckey') ?? '');
  // A key that is not the account's never claims news (webwxsync refuses it with Ret 1): the two
  // agree. A stale key of this account or its previous session answers at once (a spinning client).
  const pos = s.log.positionOf(keys);
  holdLongPoll(
    ctx.res,
    core.opts.syncHoldMs,
    (wake) => s.log.onAppend(wake),
    () => {
      if (s.status !== 'active') return synccheckBody(statusCode(s.status), 0);
      if (pos === undefined) return undefined;
      const sel = s.log.selectorAfter(pos);
      return sel === 0 ? undefined : synccheckBody(0, sel);
    },
    () => synccheckBody(0, 0),
    (body) => sendJs(ctx.res, body),
  );
}

/**
 * `POST webwxsync`: delivers up to `syncBatchSize` events after the posted SyncKey (ContinueFlag 1 when
 * more remain) and hands out SyncKey/SyncCheckKey at the new position. A stale key gets the same
 * events again.
 */
export function handleSync(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(
    core,
    ctx,
    (s, body) => {
      const keys = parseSyncKeyObject(body.SyncKey);
      const pos = keys ? s.log.positionOf(keys) : undefined;
      if (pos === undefined) return syncErrorBody(1);
      const fault = ctx.syncFault;
      if (fault?.type === 'continue') {
        const same = s.log.keyFor(pos, true);
        return buildSyncResponse({
          syncKey: same,
          syncCheckKey: same,
          profile: buildProfile(),
          continueFlag: 1,
        });
      }
      const from = fault?.type === 'stale' ? Math.max(0, pos - fault.back) : pos;
      const max =
        fault?.type === 'stale' ? Math.min(core.opts.syncBatchSize, fault.back) : core.opts.syncBatchSize;
      const { events, more } = s.log.after(from, max);
      const add: WireMessageRecord[] = [];
      const mod: WireModContactRecord[] = [];
      const del: WireDelContactRecord[] = [];
      const modSeen = new Set<string>();
      let profile = false;
      for (const e of events) {
        if (e.type === 'msg') add.push(e.record);
        else if (e.type === 'mod') {
          const c = core.world.contacts.get(e.wxid);
          if (c && !modSeen.has(e.wxid)) {
            modSeen.add(e.wxid);
            mod.push(core.records.mod(s, c));
          }
        } else if (e.type === 'del') del.push(buildDelContactRecord(e.userName));
        else profile = true;
      }
      // A stale answer hands the posted key back: the client is stuck on what it already has.
      const newPos =
        fault?.type === 'stale' ? pos : events.length > 0 ? (events[events.length - 1]?.pos ?? pos) : pos;
      s.log.acked = Math.max(s.log.acked, newPos);
      const key = s.log.keyFor(newPos, true);
      const change = profile ? core.profileChange : undefined;
      return buildSyncResponse({
        syncKey: key,
        syncCheckKey: key,
        addMsgList: add,
        modContactList: mod,
        delContactList: del,
        profile: change ? buildProfile(change) : buildProfile(),
        continueFlag: more && fault === undefined ? 1 : 0,
      });
    },
    syncErrorBody,
  );
}

/**
 * A webwxsync error answer as real captures show it: the full body shape with empty lists and
 * SyncKey/SyncCheckKey of Count 0 (clients keep their keys: protocol.md §5.2).
 */
export function syncErrorBody(ret: number): unknown {
  const empty = { Count: 0, List: [] };
  return buildSyncResponse({ ret, syncKey: empty, syncCheckKey: empty });
}
