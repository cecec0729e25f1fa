import type { Logger } from 'pino';
import { sleep, systemClock } from '../../../clock/clock.js';
import { LoginError, WxNetworkError } from '../../../errors.js';
import type { LoginMode } from '../protocol/context.js';
import { DEFAULT_LOGIN_HOST, type Hosts, hostsFromRedirect } from '../protocol/hosts.js';
import {
  jsLogin,
  type LoginCallOptions,
  type LoginTicket,
  newLoginPage,
  pollLogin,
  pushLoginUrl,
  qrContent,
} from '../protocol/login-api.js';
import type { HttpTransport } from '../transport/http.js';
import type { TransportTimeouts } from '../transport/options.js';

/** A QR code to show (same shape as the client's `qr` event). */
export interface QrInfo {
  readonly uuid: string;
  readonly url: string;
  readonly attempt: number;
}

/** Inputs of the QR and push login flows. */
export interface LoginFlowOptions {
  readonly http: HttpTransport;
  readonly mode: LoginMode;
  readonly timeouts: TransportTimeouts;
  readonly lang: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** QR codes shown before giving up (each expires after a few minutes). */
  readonly maxQrAttempts: number;
  /** 408 answers (≈25 s each) accepted per QR before it is treated as expired. */
  readonly maxPollsPerQr: number;
  /** 408 answers accepted while waiting for a push-login confirmation. */
  readonly maxPushPolls: number;
  /** Pause after a network error while polling. */
  readonly retryDelayMs: number;
  readonly onQr: (event: QrInfo) => void;
  readonly onScan: (avatar: string | undefined) => void;
}

/** A confirmed login: secrets and the account's hosts. */
export interface LoginOutcome {
  readonly ticket: LoginTicket;
  readonly hosts: Hosts;
}

type WaitResult = { readonly redirectUri: string } | { readonly expired: string };

function callOptions(o: LoginFlowOptions, timeoutMs: number): LoginCallOptions {
  return { http: o.http, mode: o.mode, timeoutMs, lang: o.lang, signal: o.signal };
}

/** Polls `login` until confirmed or the uuid is dead. */
async function waitForConfirm(
  o: LoginFlowOptions,
  uuid: string,
  loginHost: string,
  maxPolls: number,
): Promise<WaitResult> {
  let tip: 0 | 1 = 1;
  let polls = 0;
  let failures = 0;
  for (;;) {
    let r: Awaited<ReturnType<typeof pollLogin>>;
    try {
      r = await pollLogin({ ...callOptions(o, o.timeouts.loginPoll), uuid, tip, loginHost });
    } catch (err) {
      if (o.signal.aborted) throw err;
      if (!(err instanceof WxNetworkError) || ++failures > 5) throw err;
      o.log.warn({ err: err.message }, 'login poll failed; retrying');
      await sleep(systemClock, o.retryDelayMs, o.signal);
      continue;
    }
    failures = 0;
    switch (r.code) {
      case 200:
        return { redirectUri: r.redirectUri };
      case 201:
        if (tip === 1) o.onScan(r.avatar);
        tip = 0;
        break;
      case 408:
        if (++polls >= maxPolls) return { expired: 'not confirmed in time' };
        break;
      case 400:
        return { expired: 'QR code expired' };
      case 202:
        return { expired: 'login cancelled on the phone' };
      case 500:
        return { expired: 'login server error' };
      default:
        // No code at all: blocked or broken answer; the official page reloads a few times.
        if (++failures > 5) return { expired: 'no usable answer from the login server' };
        await sleep(systemClock, o.retryDelayMs, o.signal);
    }
  }
}

async function finish(o: LoginFlowOptions, redirectUri: string): Promise<LoginOutcome> {
  const ticket = await newLoginPage({ ...callOptions(o, o.timeouts.request), redirectUri });
  return { ticket, hosts: hostsFromRedirect(redirectUri) };
}

/**
 * QR login (protocol.md §3.1–3.4): a new uuid per attempt, `qr` event, poll (201 → `scan`),
 * then the ticket exchange. Gives up after `maxQrAttempts` expired codes with a LoginError.
 *
 * @throws LoginError `QR_EXPIRED` after too many expired codes; `LOGIN_REFUSED` for ret 1203 etc.
 */
export async function qrLogin(o: LoginFlowOptions): Promise<LoginOutcome> {
  let lastReason = '';
  for (let attempt = 1; attempt <= o.maxQrAttempts; attempt++) {
    const uuid = await jsLogin(callOptions(o, o.timeouts.request));
    o.onQr({ uuid, url: qrContent(uuid), attempt });
    const r = await waitForConfirm(o, uuid, DEFAULT_LOGIN_HOST, o.maxPollsPerQr);
    if ('redirectUri' in r) return finish(o, r.redirectUri);
    lastReason = r.expired;
    o.log.info({ attempt, reason: r.expired }, 'QR code not usable; showing a new one');
  }
  throw new LoginError(
    'QR_EXPIRED',
    `Login failed: ${o.maxQrAttempts} QR codes expired without a confirmed scan (last: ${lastReason}). Start again and scan the code with the phone.`,
  );
}

/**
 * Push login (§3.7): the phone gets a "confirm login" prompt, no QR. Returns undefined when the
 * server refuses or nobody confirms in time, so the caller can fall back to the QR.
 */
export async function pushLogin(
  o: LoginFlowOptions,
  hosts: Hosts,
  uin: number,
): Promise<LoginOutcome | undefined> {
  let uuid: string | undefined;
  try {
    uuid = await pushLoginUrl({ ...callOptions(o, o.timeouts.request), mainHost: hosts.main, uin });
  } catch (err) {
    if (o.signal.aborted) throw err;
    o.log.info({ err: (err as Error).message }, 'push login unavailable');
    return undefined;
  }
  if (!uuid) {
    o.log.info('push login refused by the server; falling back to the QR code');
    return undefined;
  }
  o.log.info('push login: confirm the login on the phone');
  const r = await waitForConfirm(o, uuid, hosts.login, o.maxPushPolls);
  if ('expired' in r) {
    o.log.info({ reason: r.expired }, 'push login not confirmed; falling back to the QR code');
    return undefined;
  }
  return finish(o, r.redirectUri);
}
