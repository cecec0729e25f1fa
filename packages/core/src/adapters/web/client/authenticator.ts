import type { Logger } from 'pino';
import { CookieJar } from 'tough-cookie';
import { LoginError, WxApiError } from '../../../errors.js';
import { ContactStore } from '../contacts/store.js';
import { type InitResult, StatusNotifyCode, statusNotify, webwxinit } from '../protocol/contacts-api.js';
import type { ApiContext, Credentials } from '../protocol/context.js';
import type { Hosts } from '../protocol/hosts.js';
import { newDeviceId } from '../protocol/ids.js';
import { type LoginFlowOptions, type LoginOutcome, pushLogin, qrLogin } from '../session/login-flow.js';
import type { SessionData } from '../session/session-data.js';
import type { SyncKeys } from '../sync/sync-loop.js';
import type { HttpTransport } from '../transport/http.js';
import type { ResolvedClientOptions } from './options.js';
import { scrubContact, scrubContacts } from './scrub.js';
import type { LoginMethod, QrEvent } from './types.js';

/** A live session: secrets, hosts, keys and a contact store seeded from init. */
export interface EstablishedSession {
  readonly ctx: ApiContext;
  readonly method: LoginMethod;
  readonly init: InitResult;
  readonly keys: SyncKeys;
  readonly store: ContactStore;
  /** True when the contact store came from the session file (skip the address book reload). */
  readonly contactsRestored: boolean;
}

/** What the authenticator needs from the client. */
export interface AuthenticatorDeps {
  readonly http: HttpTransport;
  readonly options: ResolvedClientOptions;
  readonly log: Logger;
  readonly onQr: (e: QrEvent) => void;
  readonly onScan: (avatar: string | undefined) => void;
}

function restoreStore(snapshot: unknown, log: Logger): ContactStore | undefined {
  if (snapshot === undefined) return undefined;
  try {
    return ContactStore.restore(snapshot);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'saved contacts unusable; reloading them');
    return undefined;
  }
}

/**
 * Gets a live session in the cheapest way that works: resume the saved one (no QR), else push
 * login (the phone confirms), else a QR login.
 */
export class Authenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  #ctx(creds: Credentials, hosts: Hosts): ApiContext {
    const o = this.deps.options;
    return { http: this.deps.http, mode: o.mode, timeouts: o.timeouts, lang: o.lang, creds, hosts };
  }

  #flow(signal: AbortSignal): LoginFlowOptions {
    const o = this.deps.options;
    return {
      http: this.deps.http,
      mode: o.mode,
      timeouts: o.timeouts,
      lang: o.lang,
      log: this.deps.log,
      signal,
      maxQrAttempts: o.maxQrAttempts,
      maxPollsPerQr: o.maxPollsPerQr,
      maxPushPolls: o.maxPushPolls,
      retryDelayMs: o.backoff.baseMs,
      onQr: this.deps.onQr,
      onScan: this.deps.onScan,
    };
  }

  /**
   * Resume, push login or QR login, then init + status notify. With `resumeOnly`, only the resume
   * is tried: a saved session without credentials, or one the server refuses, ends in a
   * LoginError `SESSION_ENDED` (no push-login prompt, no QR).
   */
  async establish(
    saved: SessionData | undefined,
    signal: AbortSignal,
    options: {
      readonly resumeOnly?: boolean;
      readonly noQr?: boolean;
      /** Account and hosts of the session that just ended (push login without a session file). */
      readonly pushHint?: { readonly uin: number; readonly hosts: Hosts };
    } = {},
  ): Promise<EstablishedSession> {
    const log = this.deps.log;
    if (saved) {
      try {
        this.deps.http.setJar(CookieJar.deserializeSync(saved.cookies));
      } catch {
        log.warn('saved cookies unusable; ignoring them');
      }
    }
    if (saved?.credentials) {
      const resumed = await this.#tryResume(saved, saved.credentials, signal);
      if (resumed) return resumed;
    }
    if (options.resumeOnly) {
      throw new LoginError(
        'SESSION_ENDED',
        saved?.credentials
          ? 'The saved session has ended on the server (logged out or expired); log in again without resumeOnly.'
          : 'The saved session had already ended (logged out or expired); log in again without resumeOnly.',
      );
    }
    const identities = restoreStore(saved?.contacts, log);
    identities?.clear(); // new login ⇒ new UserNames; learned identities stay
    const pushTarget = saved && saved.uin > 0 ? { uin: saved.uin, hosts: saved.hosts } : options.pushHint;
    if (pushTarget) {
      const push = await pushLogin(this.#flow(signal), pushTarget.hosts, pushTarget.uin);
      if (push) return this.#fresh(push, 'push', identities, signal);
    }
    if (options.noQr) {
      throw new LoginError(
        'NEEDS_PERSON',
        'The phone did not confirm the push login, and wxbot never shows a new QR code by itself; run `wxbot login` when you are at the phone.',
      );
    }
    if (saved) this.deps.http.setJar(new CookieJar());
    const qr = await qrLogin(this.#flow(signal));
    return this.#fresh(qr, 'qr', identities, signal);
  }

  async #tryResume(
    saved: SessionData,
    creds: Credentials,
    signal: AbortSignal,
  ): Promise<EstablishedSession | undefined> {
    const ctx = this.#ctx({ ...creds }, saved.hosts);
    let init: InitResult;
    try {
      init = await webwxinit(ctx, signal);
    } catch (err) {
      if (err instanceof WxApiError) {
        const why = err.ret === undefined ? 'unreadable answer' : `Ret ${err.ret}`;
        this.deps.log.warn(
          `saved session is no longer valid (webwxinit: ${why}); discarding it and logging in again`,
        );
        return undefined;
      }
      throw err;
    }
    if (init.skey) ctx.creds.skey = init.skey;
    const restored = restoreStore(saved.contacts, this.deps.log);
    const store = restored ?? new ContactStore();
    store.setSelf(scrubContact(init.user));
    store.upsert(scrubContacts(init.contacts));
    await this.#notify(ctx, init, signal);
    this.deps.log.info('resumed the saved session without a QR code');
    return {
      ctx,
      method: 'resume',
      init,
      // The saved SyncKey brings the messages missed while offline.
      keys: {
        syncKey: saved.syncKey ?? init.syncKey,
        syncCheckKey: saved.syncKey ? saved.syncCheckKey : undefined,
      },
      store,
      contactsRestored: restored !== undefined && restored.size > 0,
    };
  }

  async #fresh(
    outcome: LoginOutcome,
    method: LoginMethod,
    store: ContactStore | undefined,
    signal: AbortSignal,
  ): Promise<EstablishedSession> {
    const creds: Credentials = { ...outcome.ticket, deviceId: newDeviceId() };
    const ctx = this.#ctx(creds, outcome.hosts);
    let init: InitResult;
    try {
      init = await webwxinit(ctx, signal);
    } catch (err) {
      if (err instanceof WxApiError) {
        throw new LoginError(
          'LOGIN_INIT_FAILED',
          `Login failed at webwxinit (${err.message}); try logging in again.`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
    if (init.skey) creds.skey = init.skey;
    const s = store ?? new ContactStore();
    s.setSelf(scrubContact(init.user));
    s.upsert(scrubContacts(init.contacts));
    await this.#notify(ctx, init, signal);
    this.deps.log.info({ method }, 'logged in');
    return {
      ctx,
      method,
      init,
      keys: { syncKey: init.syncKey, syncCheckKey: undefined },
      store: s,
      contactsRestored: false,
    };
  }

  async #notify(ctx: ApiContext, init: InitResult, signal: AbortSignal): Promise<void> {
    try {
      const me = init.user.UserName;
      await statusNotify(ctx, { code: StatusNotifyCode.INITED, from: me, to: me }, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      this.deps.log.warn({ err: (err as Error).message }, 'status notify after init failed');
    }
  }
}
