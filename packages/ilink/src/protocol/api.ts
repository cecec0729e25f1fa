import { IlinkApiError, IlinkConfigError } from '../errors.js';
import {
  baseInfo,
  type ClientIdentity,
  DEFAULT_IDENTITY,
  getHeaders,
  postHeaders,
} from '../transport/headers.js';
import { HttpClient } from '../transport/http.js';
import { checkResult, optionalNumber, optionalString, readJsonObject } from './envelope.js';
import type {
  GetBotQrcodeResponse,
  GetConfigResponse,
  GetUpdatesResponse,
  GetUploadUrlRequest,
  GetUploadUrlResponse,
  QrcodeStatusResponse,
  SendMessageResponse,
  WeixinMessage,
} from './types.js';

/** The default API host, also the host every QR login starts on. */
export const DEFAULT_BASE_URL = 'https://ilinkai.weixin.qq.com';

/** Per-endpoint client timeouts (ms). */
export interface IlinkTimeouts {
  /** `get_bot_qrcode` (default 30 000). */
  readonly getQrcode: number;
  /** `get_qrcode_status`, a ~30 s server long-poll (default 35 000). */
  readonly qrcodeStatus: number;
  /** `getupdates` before the server suggested one (default 35 000; the poller adds its margin). */
  readonly getUpdates: number;
  /** `sendmessage` and `getuploadurl` (default 15 000). */
  readonly send: number;
  /** `getconfig`, `sendtyping`, `notifystart`, `notifystop` (default 10 000). */
  readonly config: number;
}

/** The official client's timeouts (protocol.md §2.5). */
export const DEFAULT_TIMEOUTS: IlinkTimeouts = {
  getQrcode: 30_000,
  qrcodeStatus: 35_000,
  getUpdates: 35_000,
  send: 15_000,
  config: 10_000,
};

/** Options of {@link IlinkApi}. */
export interface IlinkApiOptions {
  /** API base for bot calls: the `baseurl` of the confirmed login (default {@link DEFAULT_BASE_URL}). */
  readonly baseUrl?: string | undefined;
  /** The QR login host (default {@link DEFAULT_BASE_URL}). */
  readonly loginBaseUrl?: string | undefined;
  /** The bot token (`Authorization: Bearer`); set later with {@link IlinkApi.setToken}. */
  readonly token?: string | undefined;
  /** App id, version and bot agent; defaults to {@link DEFAULT_IDENTITY}. */
  readonly identity?: Partial<ClientIdentity> | undefined;
  readonly timeouts?: Partial<IlinkTimeouts> | undefined;
  /** Cap on one JSON answer (default 16 MiB). */
  readonly maxResponseBytes?: number | undefined;
  /** A shared HTTP client; otherwise one is made (with `connectTo`). */
  readonly http?: HttpClient | undefined;
  /** See {@link HttpClient}: send every request to this address (tests, sandbox). */
  readonly connectTo?: string | undefined;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Overrides the endpoint's default timeout. */
  readonly timeoutMs?: number | undefined;
}

const QR_STATUSES: ReadonlySet<string> = new Set([
  'wait',
  'scaned',
  'need_verifycode',
  'verify_code_blocked',
  'expired',
  'scaned_but_redirect',
  'binded_redirect',
  'confirmed',
]);

/** Checks and normalises a base URL option (`https://host[/prefix]`), without a trailing slash. */
export function normalizeBaseUrl(value: string, path: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new IlinkConfigError(
      path,
      `${path} must be a URL like ${DEFAULT_BASE_URL} (got ${JSON.stringify(value)})`,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IlinkConfigError(path, `${path} must use https: or http: (got ${url.protocol})`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * The iLink bot API: one typed method per endpoint (protocol.md §3), the required headers and
 * `base_info` on every call, `ret`/`errcode` checked, uint64 ids kept as strings.
 *
 * @example
 * const api = new IlinkApi({ baseUrl: creds.baseUrl, token: creds.token });
 * const updates = await api.getUpdates(cursor, { timeoutMs: 40_000 });
 * await api.sendMessage({ to_user_id: user, context_token, item_list: [{ type: 1, text_item: { text: 'hi' } }] });
 */
export class IlinkApi {
  readonly identity: ClientIdentity;
  readonly timeouts: IlinkTimeouts;
  readonly http: HttpClient;
  readonly loginBaseUrl: string;
  #baseUrl: string;
  #token: string | undefined;
  readonly #maxBytes: number;

  constructor(options: IlinkApiOptions = {}) {
    this.identity = { ...DEFAULT_IDENTITY, ...stripUndefined(options.identity ?? {}) };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...stripUndefined(options.timeouts ?? {}) };
    this.http = options.http ?? new HttpClient({ connectTo: options.connectTo });
    this.#baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl');
    this.loginBaseUrl = normalizeBaseUrl(options.loginBaseUrl ?? DEFAULT_BASE_URL, 'loginBaseUrl');
    this.#token = options.token;
    this.#maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  /** The API base for bot calls. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** True once a bot token is set. The token itself is never readable from here. */
  get hasToken(): boolean {
    return this.#token !== undefined && this.#token !== '';
  }

  /** Sets the bot token (after a QR login or a restored session). */
  setToken(token: string | undefined): void {
    this.#token = token;
  }

  /** Sets the API base (the confirmed login's `baseurl`). */
  setBaseUrl(baseUrl: string): void {
    this.#baseUrl = normalizeBaseUrl(baseUrl, 'baseUrl');
  }

  /** `POST ilink/bot/get_bot_qrcode?bot_type=3`: a new QR code. `localTokens` lets the server spot a binding it knows. */
  async getBotQrcode(
    localTokens: readonly string[] = [],
    call: CallOptions = {},
  ): Promise<GetBotQrcodeResponse> {
    const endpoint = 'get_bot_qrcode';
    const body = await this.#post(
      endpoint,
      `${this.loginBaseUrl}/ilink/bot/get_bot_qrcode?bot_type=3`,
      { local_token_list: localTokens.slice(0, 10) },
      { auth: false, timeoutMs: call.timeoutMs ?? this.timeouts.getQrcode, signal: call.signal },
    );
    const qrcode = optionalString(body, 'qrcode');
    const content = optionalString(body, 'qrcode_img_content');
    if (!qrcode || !content)
      throw new IlinkApiError(endpoint, {}, `${endpoint}: the answer has no qrcode or qrcode_img_content`);
    return { ...body, qrcode, qrcode_img_content: content };
  }

  /**
   * `GET ilink/bot/get_qrcode_status`: a ~30 s long-poll on the QR's state. `host` is the polling
   * base (it changes after `scaned_but_redirect`); `verifyCode` answers `need_verifycode`.
   */
  async getQrcodeStatus(
    qrcode: string,
    options: CallOptions & { host?: string | undefined; verifyCode?: string | undefined } = {},
  ): Promise<QrcodeStatusResponse> {
    const endpoint = 'get_qrcode_status';
    const base = options.host ? normalizeBaseUrl(options.host, 'host') : this.loginBaseUrl;
    let url = `${base}/ilink/bot/get_qrcode_status?qrcode=${encodeURIComponent(qrcode)}`;
    if (options.verifyCode !== undefined) url += `&verify_code=${encodeURIComponent(options.verifyCode)}`;
    const res = await this.http.request({
      endpoint,
      method: 'GET',
      url,
      headers: getHeaders(this.identity),
      timeoutMs: options.timeoutMs ?? this.timeouts.qrcodeStatus,
      signal: options.signal,
      maxResponseBytes: this.#maxBytes,
    });
    const body = readJsonObject(endpoint, res);
    checkResult(endpoint, body);
    const status = optionalString(body, 'status');
    if (status === undefined || !QR_STATUSES.has(status)) {
      throw new IlinkApiError(
        endpoint,
        {},
        `${endpoint}: unknown QR status ${JSON.stringify(status ?? null)}`,
      );
    }
    return body as unknown as QrcodeStatusResponse;
  }

  /**
   * `POST ilink/bot/getupdates`: the long-poll. Send `""` first, then the last answer's cursor.
   * The server holds the call until there is something or its hold ends; pass a `timeoutMs` longer
   * than the hold (the poller does: suggested timeout + a margin).
   */
  async getUpdates(cursor: string, call: CallOptions = {}): Promise<GetUpdatesResponse> {
    const endpoint = 'getupdates';
    const body = await this.#post(
      endpoint,
      this.#url('ilink/bot/getupdates'),
      { get_updates_buf: cursor },
      {
        auth: true,
        timeoutMs: call.timeoutMs ?? this.timeouts.getUpdates,
        signal: call.signal,
      },
    );
    const raw = body.msgs;
    const msgs = Array.isArray(raw)
      ? (raw.filter((m) => typeof m === 'object' && m !== null && !Array.isArray(m)) as WeixinMessage[])
      : [];
    const next = optionalString(body, 'get_updates_buf');
    const timeout = optionalNumber(body, 'longpolling_timeout_ms');
    return {
      ...body,
      msgs,
      ...(next === undefined ? {} : { get_updates_buf: next }),
      ...(timeout === undefined ? {} : { longpolling_timeout_ms: timeout }),
    };
  }

  /** `POST ilink/bot/sendmessage`: one message (one item). Throws `SEND_REFUSED` on `ret:-2`. */
  async sendMessage(msg: WeixinMessage, call: CallOptions = {}): Promise<SendMessageResponse> {
    const endpoint = 'sendmessage';
    const body = await this.#post(
      endpoint,
      this.#url('ilink/bot/sendmessage'),
      { msg },
      {
        auth: true,
        timeoutMs: call.timeoutMs ?? this.timeouts.send,
        signal: call.signal,
      },
    );
    const id = body.message_id;
    return { ...body, ...(typeof id === 'string' ? { message_id: id } : {}) } as SendMessageResponse;
  }

  /** `POST ilink/bot/getuploadurl`: where to upload one encrypted file. */
  async getUploadUrl(req: GetUploadUrlRequest, call: CallOptions = {}): Promise<GetUploadUrlResponse> {
    const endpoint = 'getuploadurl';
    const body = await this.#post(endpoint, this.#url('ilink/bot/getuploadurl'), req, {
      auth: true,
      timeoutMs: call.timeoutMs ?? this.timeouts.send,
      signal: call.signal,
    });
    if (!optionalString(body, 'upload_full_url') && !optionalString(body, 'upload_param')) {
      throw new IlinkApiError(
        endpoint,
        {},
        `${endpoint}: the answer has neither upload_full_url nor upload_param`,
      );
    }
    return body as GetUploadUrlResponse;
  }

  /** `POST ilink/bot/getconfig`: the user's typing ticket. `ret:-4` means no conversation yet. */
  async getConfig(userId: string, contextToken?: string, call: CallOptions = {}): Promise<GetConfigResponse> {
    const endpoint = 'getconfig';
    const payload: Record<string, unknown> = { ilink_user_id: userId };
    if (contextToken !== undefined) payload.context_token = contextToken;
    return (await this.#post(endpoint, this.#url('ilink/bot/getconfig'), payload, {
      auth: true,
      timeoutMs: call.timeoutMs ?? this.timeouts.config,
      signal: call.signal,
    })) as GetConfigResponse;
  }

  /** `POST ilink/bot/sendtyping`: status 1 shows "typing", 2 cancels it. */
  async sendTyping(userId: string, ticket: string, status: 1 | 2, call: CallOptions = {}): Promise<void> {
    await this.#post(
      'sendtyping',
      this.#url('ilink/bot/sendtyping'),
      { ilink_user_id: userId, typing_ticket: ticket, status },
      { auth: true, timeoutMs: call.timeoutMs ?? this.timeouts.config, signal: call.signal },
    );
  }

  /** `POST ilink/bot/msg/notifystart`: tells the server the bot is online (before the first poll). */
  async notifyStart(call: CallOptions = {}): Promise<void> {
    await this.#post(
      'notifystart',
      this.#url('ilink/bot/msg/notifystart'),
      {},
      {
        auth: true,
        timeoutMs: call.timeoutMs ?? this.timeouts.config,
        signal: call.signal,
      },
    );
  }

  /** `POST ilink/bot/msg/notifystop`: tells the server the bot is going offline (on a clean stop). */
  async notifyStop(call: CallOptions = {}): Promise<void> {
    await this.#post(
      'notifystop',
      this.#url('ilink/bot/msg/notifystop'),
      {},
      {
        auth: true,
        timeoutMs: call.timeoutMs ?? this.timeouts.config,
        signal: call.signal,
      },
    );
  }

  #url(path: string): string {
    return new URL(path, `${this.#baseUrl}/`).toString();
  }

  async #post(
    endpoint: string,
    url: string,
    payload: object,
    options: { auth: boolean; timeoutMs: number; signal: AbortSignal | undefined },
  ): Promise<Record<string, unknown>> {
    if (options.auth && !this.hasToken) {
      throw new IlinkConfigError(
        'token',
        `${endpoint}: no bot token; log in with the QR code first (wxbot login)`,
      );
    }
    const body = options.auth ? { ...payload, base_info: baseInfo(this.identity) } : payload;
    const res = await this.http.request({
      endpoint,
      method: 'POST',
      url,
      headers: postHeaders(this.identity, options.auth ? this.#token : undefined),
      body: JSON.stringify(body),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxResponseBytes: this.#maxBytes,
    });
    const parsed = readJsonObject(endpoint, res);
    checkResult(endpoint, parsed);
    return parsed;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
