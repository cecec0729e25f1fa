/** The real host names of the iLink service (protocol.md §1). */
export const ILINK_API_HOST = 'ilinkai.weixin.qq.com';
/** The media CDN host; its paths live under `/c2c`. */
export const ILINK_CDN_HOST = 'novac2c.cdn.weixin.qq.com';
/** The host of the QR landing page encoded in `qrcode_img_content`. */
export const ILINK_LITEAPP_HOST = 'liteapp.weixin.qq.com';
/** The "other IDC" host handed out by `scaned_but_redirect` unless a scan names another one. */
export const ILINK_REDIRECT_HOST = 'ilinkai-sh.weixin.qq.com';

/** What the simulator answers when a send is refused (window closed, quota used up, no token). */
export type IlinkRefusalMode = 'ret-2' | 'silent-drop';

/** Options of {@link createIlinkSimulator}. Every hold, TTL and window is configurable. */
export interface IlinkSimulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  listenHost?: string;
  /** Port (default 0 = random). */
  port?: number;
  /**
   * URLs written into responses (`baseurl`, `upload_full_url`, `full_url`, the QR landing page):
   * `'real'` (default) keeps the real `https://ilinkai.weixin.qq.com`, `https://novac2c.cdn.weixin.qq.com/c2c`
   * and liteapp URLs, so a client must map those hosts to this port; `'local'` writes
   * `http://127.0.0.1:PORT` URLs, so a third-party client changed only in its base URL works.
   */
  publicUrls?: 'real' | 'local';
  /** How long `getupdates` is held when nothing is queued (default 30000). */
  updatesHoldMs?: number;
  /** `longpolling_timeout_ms` advertised in every getupdates answer (default 35000). */
  longPollTimeoutMs?: number;
  /** Messages per getupdates answer (default 100). */
  updatesBatchSize?: number;
  /** Inbound messages kept per bot for old cursors (default 1000). */
  backlogLimit?: number;
  /** How long `get_qrcode_status` is held while nothing changes (default 30000). */
  qrHoldMs?: number;
  /** Lifetime of a QR code (default 120000). */
  qrTtlMs?: number;
  /** Wrong verify codes tolerated before `verify_code_blocked` (default 3). */
  maxVerifyAttempts?: number;
  /** Replies are accepted this long after the user's last message (default 24 h). */
  replyWindowMs?: number;
  /** Bot messages allowed per user turn (default 10). */
  quotaPerTurn?: number;
  /**
   * Refuse sends made longer than this after the message their context token came with, with
   * `{"ret":-2,"errmsg":"prepare failed"}` (reported at ~1.5–2 min, unconfirmed; off by default).
   */
  maxTurnLatencyMs?: number;
  /** What a refused send gets: `{"ret":-2}` (default) or `{"ret":0}` and no delivery. */
  refusal?: IlinkRefusalMode;
  /** Older context tokens of the same conversation stay usable within the window (default true). */
  acceptOlderTokens?: boolean;
  /** `sendmessage` answers carry the server `message_id` (default false: `{"ret":0}`). */
  sendReturnsMessageId?: boolean;
  /** Answer `{"ret":-2,"errmsg":"rate limited"}` beyond `max` sends per `perMs` (off by default). */
  sendRateLimit?: { max: number; perMs: number };
  /** `getuploadurl` answers with `upload_full_url` (default true) or only `upload_param`. */
  uploadFullUrl?: boolean;
  /** Largest accepted CDN upload in bytes (default 100 MiB). */
  maxUploadBytes?: number;
  /** How long a typing ticket stays valid (default 24 h). */
  typingTicketTtlMs?: number;
  /** A new binding of the same user gets a new bot id (default true) or keeps the old one. */
  newBotIdOnRebind?: boolean;
  /** Require `iLink-App-Id`/`iLink-App-ClientVersion` on bot calls (default true; missing → -14). */
  requireAppHeaders?: boolean;
  /** Scan and confirm every new QR automatically as this user (sandbox mode). */
  autoConfirm?: boolean | { delayMs?: number; user?: string };
  /** Clock in ms (default `Date.now`); `sim.advanceTime(ms)` moves the simulator's time on top of it. */
  now?: () => number;
}

/** {@link IlinkSimulatorOptions} with defaults applied. */
export interface ResolvedIlinkOptions {
  listenHost: string;
  port: number;
  publicUrls: 'real' | 'local';
  updatesHoldMs: number;
  longPollTimeoutMs: number;
  updatesBatchSize: number;
  backlogLimit: number;
  qrHoldMs: number;
  qrTtlMs: number;
  maxVerifyAttempts: number;
  replyWindowMs: number;
  quotaPerTurn: number;
  maxTurnLatencyMs: number | undefined;
  refusal: IlinkRefusalMode;
  acceptOlderTokens: boolean;
  sendReturnsMessageId: boolean;
  sendRateLimit: { max: number; perMs: number } | undefined;
  uploadFullUrl: boolean;
  maxUploadBytes: number;
  typingTicketTtlMs: number;
  newBotIdOnRebind: boolean;
  requireAppHeaders: boolean;
  autoConfirm: { delayMs: number; user: string } | undefined;
  now: () => number;
}

const HOUR = 3_600_000;

/** Applies defaults. */
export function resolveIlinkOptions(o: IlinkSimulatorOptions = {}): ResolvedIlinkOptions {
  const auto = o.autoConfirm;
  return {
    listenHost: o.listenHost ?? '127.0.0.1',
    port: o.port ?? 0,
    publicUrls: o.publicUrls ?? 'real',
    updatesHoldMs: o.updatesHoldMs ?? 30_000,
    longPollTimeoutMs: o.longPollTimeoutMs ?? 35_000,
    updatesBatchSize: Math.max(1, o.updatesBatchSize ?? 100),
    backlogLimit: Math.max(10, o.backlogLimit ?? 1000),
    qrHoldMs: o.qrHoldMs ?? 30_000,
    qrTtlMs: o.qrTtlMs ?? 120_000,
    maxVerifyAttempts: Math.max(1, o.maxVerifyAttempts ?? 3),
    replyWindowMs: o.replyWindowMs ?? 24 * HOUR,
    quotaPerTurn: Math.max(0, o.quotaPerTurn ?? 10),
    maxTurnLatencyMs: o.maxTurnLatencyMs,
    refusal: o.refusal ?? 'ret-2',
    acceptOlderTokens: o.acceptOlderTokens ?? true,
    sendReturnsMessageId: o.sendReturnsMessageId ?? false,
    sendRateLimit: o.sendRateLimit,
    uploadFullUrl: o.uploadFullUrl ?? true,
    maxUploadBytes: o.maxUploadBytes ?? 100 * 1024 * 1024,
    typingTicketTtlMs: o.typingTicketTtlMs ?? 24 * HOUR,
    newBotIdOnRebind: o.newBotIdOnRebind ?? true,
    requireAppHeaders: o.requireAppHeaders ?? true,
    autoConfirm:
      auto === undefined || auto === false
        ? undefined
        : {
            delayMs: auto === true ? 300 : (auto.delayMs ?? 300),
            user: (auto !== true && auto.user) || 'owner',
          },
    now: o.now ?? Date.now,
  };
}
