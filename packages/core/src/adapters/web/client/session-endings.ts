import type { Logger } from 'pino';
import { safetyStatePath, updateSafetyState } from '../../../storage/safety-state.js';
import type { Hosts } from '../protocol/hosts.js';
import { classifySessionEnd, type SessionEnd } from '../sync/logout-reason.js';
import type { EstablishedSession } from './authenticator.js';
import type { ResolvedClientOptions } from './options.js';

/**
 * What the client remembers about how sessions end: when the current one started, how the last
 * one ended (also written to the safety file beside the session), the account to ask for a push
 * login, and the timer of an automatic re-login — which never shows a QR code.
 */
export class SessionEndings {
  #startedAt = 0;
  #lastEnd: SessionEnd | undefined;
  #pushHint: { readonly uin: number; readonly hosts: Hosts } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly log: Logger,
  ) {}

  /** How the last session ended (or the last login was refused). */
  get lastEnd(): SessionEnd | undefined {
    return this.#lastEnd;
  }

  /** Account and hosts of the session that ended last (push login without a session file). */
  get pushHint(): { readonly uin: number; readonly hosts: Hosts } | undefined {
    return this.#pushHint;
  }

  /** A session was established now. */
  started(): void {
    this.#startedAt = Date.now();
  }

  /**
   * Classifies the end of `session` by `code` (a 1102 soon after a QR/push login is `restricted`).
   * `freshLogin`: a QR/push login ended before its session was established (kicked at webwxinit).
   */
  classify(code: number, session: EstablishedSession | undefined, freshLogin = false): SessionEnd {
    if (session) this.#pushHint = { uin: session.ctx.creds.uin, hosts: session.ctx.hosts };
    return classifySessionEnd({
      code,
      sessionAgeMs: freshLogin ? 0 : Date.now() - this.#startedAt,
      freshLogin: freshLogin || session?.method === 'qr' || session?.method === 'push',
      kickWindowMs: this.options.kickWindowMs,
    });
  }

  /** Remembers an ending: here at once (synchronously), then in the safety file (for `wxbot status`). */
  async record(end: SessionEnd): Promise<void> {
    this.#lastEnd = end;
    const file = this.options.sessionFile;
    if (!file) return;
    await updateSafetyState(safetyStatePath(file), (s) => ({ ...s, lastEnd: end })).catch((err: Error) =>
      this.log.warn({ err: err.message }, 'could not record how the session ended'),
    );
  }

  /**
   * After `reloginCooldownMs`, runs `relogin` (resume, else push login: never a QR) unless
   * `signal` aborted; `onFailure` gets its error (a person is needed then).
   */
  scheduleRelogin(signal: AbortSignal, relogin: () => Promise<void>, onFailure: (err: Error) => void): void {
    this.log.info(
      { inMs: this.options.reloginCooldownMs },
      'will log in again (resume or push login, never a QR)',
    );
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (signal.aborted) return;
      relogin().catch((err: Error) => {
        if (!signal.aborted) onFailure(err);
      });
    }, this.options.reloginCooldownMs);
  }

  /** Cancels a scheduled re-login. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
