import type { Bot } from '@wxbot/core';
import { EventEmitter } from 'eventemitter3';
import QRCode from 'qrcode';
import { accountName } from './status.js';

/** Where the login stands, as the Login page shows it. */
export type LoginPhase =
  | 'starting'
  | 'qr'
  | 'scanned'
  | 'verify-code'
  | 'qr-expired'
  | 'logged-in'
  | 'logged-out';

/** The Login page's view: no session secret, only what a person needs. */
export interface LoginView {
  readonly phase: LoginPhase;
  /** The current QR code as SVG markup (while `phase` is `qr`). */
  readonly qrSvg: string | undefined;
  /** 1 for the first QR code, 2 after the first expired, … */
  readonly attempt: number;
  /** True when a previous QR code expired (the page says so). */
  readonly expiredBefore: boolean;
  /** The verify-code prompt: true when the last code was wrong. */
  readonly verifyWrong: boolean;
  /** Who is logged in. */
  readonly account: string | undefined;
  /** How the last login happened (`qr`, `push`, `resume`). */
  readonly method: string | undefined;
  /** Why the server ended the session, when it did: one sentence saying what to do. */
  readonly logoutReason: string | undefined;
  /** The typed reason (`phoneLogout`, `replaced`, `expired`, `restricted`, …). */
  readonly logoutKind: string | undefined;
  /** The server's code for the end, when it gave one (iLink `-14`, Web `1101`…). */
  readonly logoutCode: number | undefined;
  /**
   * Why the last QR code died, when one did: `expired` (the server said so), `verify_code_blocked`
   * (too many wrong verify codes, iLink) or `lifetime` (unanswered too long). Cleared at login.
   */
  readonly qrEndedBy: string | undefined;
  /** The host the login moved to (iLink `scaned_but_redirect`: another data centre), if it moved. */
  readonly redirectedTo: string | undefined;
  /** True when the bot will log in again by itself. */
  readonly willRelogin: boolean;
}

/** One step of a transport's QR login (the iLink adapter's `onLoginEvent`); unknown steps are ignored. */
export interface LoginStep {
  readonly type: string;
  /** For `qr-expired`: `expired`, `verify_code_blocked` or `lifetime`. */
  readonly reason?: unknown;
  /** For `redirect`: the host the login moved to. */
  readonly host?: unknown;
}

/** Events of {@link LoginState}. */
export interface LoginStateEvents {
  change: (view: LoginView) => void;
}

/**
 * Follows the bot's login events (`qr`, `scan`, `login`, `logout`) and keeps what the Login page
 * shows. It also answers a transport's verify-code question (iLink `need_verifycode`) with the
 * code the person types in the page: pass {@link LoginState.askVerifyCode} as the adapter's prompt.
 *
 * @example
 * const login = new LoginState(bot);
 * const adapter = new IlinkAdapter({ verifyCode: (q) => login.askVerifyCode(q) });
 */
export class LoginState extends EventEmitter<LoginStateEvents> {
  #view: LoginView;
  #answer: ((code: string | undefined) => void) | undefined;
  readonly #off: (() => void)[] = [];

  constructor(bot: Bot) {
    super();
    const self = bot.self;
    this.#view = {
      phase: bot.adapter.loggedIn ? 'logged-in' : 'starting',
      qrSvg: undefined,
      attempt: 0,
      expiredBefore: false,
      verifyWrong: false,
      account: accountName(bot, self),
      method: undefined,
      logoutReason: undefined,
      logoutKind: undefined,
      logoutCode: undefined,
      qrEndedBy: undefined,
      redirectedTo: undefined,
      willRelogin: false,
    };
    const on = <K extends 'qr' | 'scan' | 'login' | 'logout'>(
      name: K,
      listener: Parameters<typeof bot.events.on<K>>[1],
    ) => {
      bot.events.on(name, listener);
      this.#off.push(() => bot.events.off(name, listener));
    };
    on('qr', (e) => {
      QRCode.toString(e.url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then(
        (svg) =>
          this.#set({
            phase: 'qr',
            qrSvg: svg,
            attempt: e.attempt,
            expiredBefore: e.attempt > 1,
            logoutReason: this.#view.phase === 'logged-out' ? this.#view.logoutReason : undefined,
          }),
        () => this.#set({ phase: 'qr', qrSvg: undefined, attempt: e.attempt }),
      );
    });
    on('scan', () => this.#set({ phase: 'scanned', qrSvg: undefined }));
    on('login', (e) =>
      this.#set({
        phase: 'logged-in',
        qrSvg: undefined,
        account: accountName(bot, e.self),
        method: e.method,
        qrEndedBy: undefined,
        redirectedTo: undefined,
        verifyWrong: false,
      }),
    );
    on('logout', (e) =>
      this.#set({
        phase: 'logged-out',
        qrSvg: undefined,
        logoutReason: e.reason,
        logoutKind: e.kind,
        logoutCode: typeof e.code === 'number' ? e.code : undefined,
        willRelogin: e.willRelogin,
      }),
    );
  }

  /** What the Login page shows now. */
  get view(): LoginView {
    return this.#view;
  }

  /**
   * Ask the person in the page for the number shown on their phone (iLink verify code). Resolves
   * with what they typed, or undefined when they cancel or the console closes.
   */
  askVerifyCode(request: { readonly wrong: boolean }): Promise<string | undefined> {
    this.#answer?.(undefined);
    this.#set({ phase: 'verify-code', verifyWrong: request.wrong, qrSvg: undefined });
    return new Promise((resolve) => {
      this.#answer = resolve;
    });
  }

  /**
   * A step of a transport's QR login beyond the bot's `qr`/`scan`/`login` events: give it the
   * iLink adapter's `onLoginEvent`. A dead QR (`qr-expired`, with why) and a move to another host
   * (`redirect`) show on the page; other steps are followed through the bot's events.
   */
  noteLoginStep(step: LoginStep): void {
    if (step.type === 'qr-expired') {
      const reason = typeof step.reason === 'string' ? step.reason : 'expired';
      this.#set({ phase: 'qr-expired', qrSvg: undefined, qrEndedBy: reason });
    } else if (step.type === 'redirect' && typeof step.host === 'string') {
      this.#set({ redirectedTo: step.host });
    }
  }

  /** The page answered the verify-code prompt. False when no prompt was open. */
  answerVerifyCode(code: string | undefined): boolean {
    const answer = this.#answer;
    if (!answer) return false;
    this.#answer = undefined;
    this.#set({ phase: 'scanned' });
    answer(code);
    return true;
  }

  /** Stop following the bot; an open verify-code prompt is cancelled. */
  dispose(): void {
    this.#answer?.(undefined);
    this.#answer = undefined;
    for (const off of this.#off.splice(0)) off();
    this.removeAllListeners();
  }

  #set(patch: Partial<LoginView>): void {
    this.#view = { ...this.#view, ...patch };
    this.emit('change', this.#view);
  }
}
