import { IlinkError, IlinkLoginError } from '../errors.js';
import type { IlinkApi } from '../protocol/api.js';
import type { QrcodeStatusResponse } from '../protocol/types.js';
import { sleep } from '../transport/sleep.js';

/** What a confirmed login gives: persist all four (the token is a secret: 0600, never logged). */
export interface IlinkCredentials {
  /** The Bearer token. */
  readonly token: string;
  /** The bot account id (`…@im.bot`). */
  readonly botId: string;
  /** The WeChat user who scanned (`…@im.wechat`): the bot's owner. */
  readonly userId: string;
  /** The API base for every later call. */
  readonly baseUrl: string;
}

/** How a login ended. */
export type QrLoginResult =
  | { readonly kind: 'confirmed'; readonly credentials: IlinkCredentials }
  /** `binded_redirect`: this installation's existing binding (one of `localTokens`) is still good; reuse it. */
  | { readonly kind: 'already-bound' };

/** Progress of a login, for a terminal or PNG renderer and for logs. Never carries a secret. */
export type QrLoginEvent =
  /** Show this QR: encode `content` (a URL), not `qrcode`. `index` counts from 1 up to `max`. */
  | {
      readonly type: 'qr';
      readonly content: string;
      readonly qrcode: string;
      readonly index: number;
      readonly max: number;
    }
  /** Scanned; the user is confirming on the phone (also: a verify code was accepted). */
  | { readonly type: 'scanned' }
  /** The server wants the number shown on the phone; `wrong` when the last code was refused. */
  | { readonly type: 'verify-code'; readonly wrong: boolean }
  /** The QR is dead: the server said `expired`, too many wrong codes, or its local lifetime ran out. */
  | { readonly type: 'qr-expired'; readonly reason: 'expired' | 'verify_code_blocked' | 'lifetime' }
  /** Polling moved to another data centre's host. */
  | { readonly type: 'redirect'; readonly host: string }
  /** A status poll failed (network, gateway); treated as `wait`. */
  | { readonly type: 'poll-error'; readonly error: unknown };

/** Options of {@link qrLogin}. */
export interface QrLoginOptions {
  /** Tokens of bots this installation already has (newest first, ≤ 10), so the server can answer `binded_redirect`. */
  readonly localTokens?: readonly string[] | undefined;
  /** QR codes shown at most (default 3, as the official client). */
  readonly maxQrCodes?: number | undefined;
  /** Each QR is given up after this long even if the server never says `expired` (default 150 000 ms). */
  readonly qrLifetimeMs?: number | undefined;
  /** The whole login is given up after this long (default 480 000 ms). */
  readonly loginTimeoutMs?: number | undefined;
  /** Pause between status polls (default 1000 ms; none right after a verify code). */
  readonly pollIntervalMs?: number | undefined;
  /** Asks the person for the number shown on the phone. Resolve `undefined` to cancel the login. */
  readonly verifyCode?: ((request: { readonly wrong: boolean }) => Promise<string | undefined>) | undefined;
  readonly onEvent?: ((event: QrLoginEvent) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * The QR login (protocol.md §4): fetch a QR, long-poll its status through every state (`wait`,
 * `scaned`, `need_verifycode` with the verify-code callback, `verify_code_blocked` and `expired` →
 * a new QR up to `maxQrCodes`, `scaned_but_redirect` → poll the other host, `binded_redirect` →
 * reuse the existing binding, `confirmed` → credentials). Never starts by itself: call it when a
 * person is there to scan.
 *
 * @example
 * const result = await qrLogin(api, { onEvent: (e) => e.type === 'qr' && renderQr(e.content), verifyCode: ask });
 * if (result.kind === 'confirmed') await save(result.credentials);
 */
export async function qrLogin(api: IlinkApi, options: QrLoginOptions = {}): Promise<QrLoginResult> {
  const now = options.now ?? Date.now;
  const emit = (e: QrLoginEvent) => {
    try {
      options.onEvent?.(e);
    } catch {
      // A renderer's bug must not break the login.
    }
  };
  const maxQr = Math.max(1, options.maxQrCodes ?? 3);
  const lifetime = options.qrLifetimeMs ?? 150_000;
  const interval = options.pollIntervalMs ?? 1000;
  const deadline = now() + (options.loginTimeoutMs ?? 480_000);
  const signal = options.signal;
  const cancelled = () => new IlinkLoginError('LOGIN_CANCELLED', 'QR login cancelled');
  const wait = async (ms: number) => {
    try {
      await sleep(ms, signal);
    } catch {
      throw cancelled();
    }
  };

  for (let index = 1; index <= maxQr; index++) {
    if (signal?.aborted) throw cancelled();
    const qr = await api.getBotQrcode(options.localTokens ?? [], { signal });
    emit({ type: 'qr', content: qr.qrcode_img_content, qrcode: qr.qrcode, index, max: maxQr });
    const qrDeadline = Math.min(deadline, now() + lifetime);
    let host: string | undefined;
    let pendingCode: string | undefined;
    let scannedShown = false;
    let immediate = false;
    let expiredReason: 'expired' | 'verify_code_blocked' | 'lifetime' | undefined;

    while (expiredReason === undefined) {
      if (!immediate) await wait(Math.min(interval, Math.max(0, qrDeadline - now())));
      immediate = false;
      const left = qrDeadline - now();
      if (left <= 0) {
        expiredReason = 'lifetime';
        break;
      }
      let status: QrcodeStatusResponse;
      try {
        status = await api.getQrcodeStatus(qr.qrcode, {
          host,
          verifyCode: pendingCode,
          signal,
          timeoutMs: Math.min(api.timeouts.qrcodeStatus, left),
        });
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        // Any failure of the status long-poll (timeout, 5xx, gateway, odd body) counts as `wait`.
        if (!(error instanceof IlinkError && error.code === 'TIMEOUT')) emit({ type: 'poll-error', error });
        continue;
      }
      switch (status.status) {
        case 'wait':
          break;
        case 'scaned':
          pendingCode = undefined;
          if (!scannedShown) emit({ type: 'scanned' });
          scannedShown = true;
          break;
        case 'need_verifycode': {
          const wrong = pendingCode !== undefined;
          emit({ type: 'verify-code', wrong });
          if (!options.verifyCode) {
            throw new IlinkLoginError(
              'VERIFY_CODE_REQUIRED',
              'QR login needs the number shown on the phone, but no verifyCode prompt was given (run wxbot login in a terminal)',
            );
          }
          const code = await options.verifyCode({ wrong });
          if (signal?.aborted || code === undefined) throw cancelled();
          pendingCode = code.trim();
          immediate = true;
          break;
        }
        case 'verify_code_blocked':
          expiredReason = 'verify_code_blocked';
          break;
        case 'expired':
          expiredReason = 'expired';
          break;
        case 'scaned_but_redirect':
          if (status.redirect_host && /^[A-Za-z0-9.-]+(:\d+)?$/.test(status.redirect_host)) {
            const next = `${new URL(api.loginBaseUrl).protocol}//${status.redirect_host}`;
            // Poll the new host at once, but never spin on a server that keeps redirecting to the same one.
            immediate = next !== host;
            if (immediate) emit({ type: 'redirect', host: status.redirect_host });
            host = next;
          }
          break;
        case 'binded_redirect':
          return { kind: 'already-bound' };
        case 'confirmed':
          return { kind: 'confirmed', credentials: credentialsOf(status, api.loginBaseUrl) };
      }
    }
    emit({ type: 'qr-expired', reason: expiredReason });
    if (now() >= deadline) break;
  }
  throw new IlinkLoginError(
    'QR_EXPIRED',
    now() >= deadline
      ? 'QR login timed out: nobody confirmed in time. Run the login again when you can scan.'
      : `QR login failed: ${maxQr} QR codes expired without a confirmed scan. Run the login again when you can scan.`,
  );
}

function credentialsOf(status: QrcodeStatusResponse, fallbackBase: string): IlinkCredentials {
  const token = typeof status.bot_token === 'string' ? status.bot_token : '';
  const botId = typeof status.ilink_bot_id === 'string' ? status.ilink_bot_id : '';
  if (!token || !botId) {
    throw new IlinkLoginError(
      'LOGIN_INCOMPLETE',
      'QR login confirmed, but the server sent no bot token or bot id; try again',
    );
  }
  let baseUrl = fallbackBase;
  if (typeof status.baseurl === 'string' && /^https?:\/\//.test(status.baseurl))
    baseUrl = status.baseurl.replace(/\/+$/, '');
  return {
    token,
    botId,
    userId: typeof status.ilink_user_id === 'string' ? status.ilink_user_id : '',
    baseUrl,
  };
}
