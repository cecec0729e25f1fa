import type { MainHost } from './hosts.js';
import type { GroupInit, OfficialInit, PersonInit } from './world.js';

/** The account the simulated phone is logged in with. */
export interface AccountOptions {
  /** Account uin (default 2912345678). */
  uin?: number;
  /** Internal id of the bot account (default `wxid_simbot000001`). */
  wxid?: string;
  /** Default `测试机器人`. */
  nickName?: string;
  sex?: number;
  signature?: string;
  /** Main host handed out in `redirect_uri` (default `wx2.qq.com`). */
  mainHost?: MainHost;
  /** `false` ⇒ web-mode logins get `ret 1203` (desktop mode still works). Default true. */
  webLoginAllowed?: boolean;
}

/** Who the account knows at start. Group members refer to persons by `wxid`. */
export interface SimulatorCast {
  friends?: PersonInit[];
  /** Persons who are not friends (e.g. group members only). */
  strangers?: PersonInit[];
  officials?: OfficialInit[];
  /** Extra special ids (filehelper, weixin, fmessage and newsapp always exist). */
  specials?: string[];
  groups?: Array<Omit<GroupInit, 'members' | 'owner'> & { members: string[]; owner?: string }>;
}

/** Options of {@link createSimulator}. Every delay is configurable so tests can use tens of ms. */
export interface SimulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  listenHost?: string;
  /** Port (default 0 = random). */
  port?: number;
  account?: AccountOptions;
  cast?: SimulatorCast;
  /**
   * Scan and confirm every QR login (and confirm push logins) automatically: `true` or
   * `{ delayMs }` (default 300 ms between steps). Used by sandbox mode.
   */
  autoConfirm?: boolean | { delayMs?: number };
  /** How long `login` is held before `window.code=408;` (default 25000). */
  loginHoldMs?: number;
  /** How long `synccheck` is held before selector 0 (default 25000). */
  syncHoldMs?: number;
  /** Lifetime of a QR uuid (default 300000). */
  qrExpireMs?: number;
  /** How long a confirmed `redirect_uri` ticket stays usable (default 300000). */
  redirectValidMs?: number;
  /** Revoke window of `webwxrevokemsg` (default 120000). */
  revokeWindowMs?: number;
  /** Contacts per `webwxgetcontact` page (default 500). */
  contactPageSize?: number;
  /** Sync events per `webwxsync` before `ContinueFlag: 1` (default 100). */
  syncBatchSize?: number;
  /** Sync events kept per session for stale keys and resumes (default 2000). */
  backlogLimit?: number;
  /** Answer sends with Ret 1205 beyond `max` sends per `perMs` (off by default). */
  sendRateLimit?: { max: number; perMs: number };
  /** Largest accepted upload in bytes (default 100 MiB). */
  maxUploadBytes?: number;
  /** Clock in ms (default `Date.now`): message times, expiries, revoke window. */
  now?: () => number;
}

/** {@link SimulatorOptions} with defaults applied. */
export interface ResolvedOptions {
  listenHost: string;
  port: number;
  account: Required<AccountOptions>;
  cast: SimulatorCast;
  autoConfirmDelayMs: number | undefined;
  loginHoldMs: number;
  syncHoldMs: number;
  qrExpireMs: number;
  redirectValidMs: number;
  revokeWindowMs: number;
  contactPageSize: number;
  syncBatchSize: number;
  backlogLimit: number;
  sendRateLimit: { max: number; perMs: number } | undefined;
  maxUploadBytes: number;
  now: () => number;
}

/** Applies defaults. */
export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const a = o.account ?? {};
  return {
    listenHost: o.listenHost ?? '127.0.0.1',
    port: o.port ?? 0,
    account: {
      uin: a.uin ?? 2912345678,
      wxid: a.wxid ?? 'wxid_simbot000001',
      nickName: a.nickName ?? '测试机器人',
      sex: a.sex ?? 0,
      signature: a.signature ?? '',
      mainHost: a.mainHost ?? 'wx2.qq.com',
      webLoginAllowed: a.webLoginAllowed ?? true,
    },
    cast: o.cast ?? {},
    autoConfirmDelayMs:
      o.autoConfirm === undefined || o.autoConfirm === false
        ? undefined
        : o.autoConfirm === true
          ? 300
          : (o.autoConfirm.delayMs ?? 300),
    loginHoldMs: o.loginHoldMs ?? 25_000,
    syncHoldMs: o.syncHoldMs ?? 25_000,
    qrExpireMs: o.qrExpireMs ?? 300_000,
    redirectValidMs: o.redirectValidMs ?? 300_000,
    revokeWindowMs: o.revokeWindowMs ?? 120_000,
    contactPageSize: Math.max(1, o.contactPageSize ?? 500),
    syncBatchSize: Math.max(1, o.syncBatchSize ?? 100),
    backlogLimit: Math.max(10, o.backlogLimit ?? 2000),
    sendRateLimit: o.sendRateLimit,
    maxUploadBytes: o.maxUploadBytes ?? 100 * 1024 * 1024,
    now: o.now ?? Date.now,
  };
}
