import { newQrcode, newVerifyCode } from './ids.js';

/** Internal state of one QR login attempt (protocol.md §4.3). */
export type QrPhase = 'wait' | 'scanned' | 'need_code' | 'blocked' | 'confirmed' | 'binded' | 'cancelled';

/** The `status` strings of `get_qrcode_status`, spelled as the server spells them. */
export type QrStatus =
  | 'wait'
  | 'scaned'
  | 'need_verifycode'
  | 'verify_code_blocked'
  | 'expired'
  | 'scaned_but_redirect'
  | 'binded_redirect'
  | 'confirmed';

/** Credentials handed out by `confirmed`. */
export interface QrCredentials {
  bot_token: string;
  ilink_bot_id: string;
  baseurl: string;
  ilink_user_id: string;
}

/** One QR login attempt. */
export interface QrLogin {
  readonly qrcode: string;
  readonly createdAt: number;
  /** Tokens the installation sent in `local_token_list` (newest first, at most 10). */
  readonly localTokens: readonly string[];
  phase: QrPhase;
  /** Name of the scripted user who scanned. */
  user: string | undefined;
  /** The pair code shown on the scanning phone while `need_verifycode`. */
  verifyCode: string | undefined;
  wrongCodes: number;
  /** After `scaned_but_redirect`: the only host that sees the real state from now on. */
  redirectHost: string | undefined;
  credentials: QrCredentials | undefined;
  /** Last status answered per host, so a long-poll is held until something changes. */
  readonly reported: Map<string, QrStatus>;
}

/** The answer of one status poll. */
export interface QrAnswer {
  status: QrStatus;
  /** True when the poll changed the state (a verify code was checked): answer at once. */
  evaluated: boolean;
  redirectHost?: string;
  credentials?: QrCredentials;
}

const TERMINAL: ReadonlySet<QrStatus> = new Set([
  'expired',
  'verify_code_blocked',
  'binded_redirect',
  'confirmed',
]);

/** True for statuses after which the QR code is dead (the poll is never held). */
export function isTerminalStatus(s: QrStatus): boolean {
  return TERMINAL.has(s);
}

/** The QR login attempts of one simulator. */
export class QrLogins {
  private readonly byCode = new Map<string, QrLogin>();
  private readonly waiters = new Set<() => void>();
  private readonly created = new Set<(l: QrLogin) => void>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly maxAttempts: () => number,
  ) {}

  /** A new attempt (from `get_bot_qrcode`). */
  create(now: number, localTokens: readonly string[]): QrLogin {
    const l: QrLogin = {
      qrcode: newQrcode(),
      createdAt: now,
      localTokens: localTokens.slice(0, 10),
      phase: 'wait',
      user: undefined,
      verifyCode: undefined,
      wrongCodes: 0,
      redirectHost: undefined,
      credentials: undefined,
      reported: new Map(),
    };
    this.byCode.set(l.qrcode, l);
    for (const fn of this.created) fn(l);
    this.wake();
    return l;
  }

  get(qrcode: string): QrLogin | undefined {
    return this.byCode.get(qrcode);
  }

  /** Every attempt, oldest first. */
  all(): QrLogin[] {
    return [...this.byCode.values()];
  }

  /** The newest attempt that is still waiting for a scan, if any. */
  pending(now: number): QrLogin | undefined {
    return this.all()
      .reverse()
      .find((l) => l.phase === 'wait' && !this.expired(l, now));
  }

  /** Calls `fn` for every new attempt; returns the unsubscribe function. */
  onCreate(fn: (l: QrLogin) => void): () => void {
    this.created.add(fn);
    return () => this.created.delete(fn);
  }

  expired(l: QrLogin, now: number): boolean {
    return now >= l.createdAt + this.ttlMs() && l.phase !== 'binded';
  }

  /** Milliseconds until `l` expires (0 when it has). */
  remaining(l: QrLogin, now: number): number {
    return Math.max(0, l.createdAt + this.ttlMs() - now);
  }

  /** Scan by `user`; optionally ask for a pair code or send the poller to another host. */
  scan(l: QrLogin, user: string, opts: { verifyCode?: boolean; redirectHost?: string }): void {
    l.user = user;
    l.phase = opts.verifyCode ? 'need_code' : 'scanned';
    if (opts.verifyCode) l.verifyCode = newVerifyCode();
    if (opts.redirectHost) l.redirectHost = opts.redirectHost;
    this.wake();
  }

  /** Marks the attempt as answered with credentials or as `binded_redirect`. */
  finish(l: QrLogin, phase: 'confirmed' | 'binded' | 'cancelled', creds?: QrCredentials): void {
    l.phase = phase;
    l.credentials = creds;
    this.wake();
  }

  /** Ages an attempt so it is expired now. */
  expire(l: QrLogin, now: number): void {
    (l as { createdAt: number }).createdAt = now - this.ttlMs();
    this.wake();
  }

  /** What a poll from `host` (with an optional pair code) sees now. */
  answer(l: QrLogin, host: string, now: number, verifyCode: string | undefined): QrAnswer {
    if (l.phase !== 'binded' && this.expired(l, now)) return { status: 'expired', evaluated: false };
    if (l.redirectHost && host !== l.redirectHost) {
      return { status: 'scaned_but_redirect', evaluated: false, redirectHost: l.redirectHost };
    }
    let evaluated = false;
    if (l.phase === 'need_code' && verifyCode !== undefined && verifyCode !== '') {
      evaluated = true;
      if (verifyCode === l.verifyCode) {
        l.phase = 'scanned';
        l.verifyCode = undefined;
      } else if (++l.wrongCodes >= this.maxAttempts()) {
        l.phase = 'blocked';
      }
    }
    const status = PHASE_STATUS[l.phase];
    return l.phase === 'confirmed' && l.credentials
      ? { status, evaluated, credentials: l.credentials }
      : { status, evaluated };
  }

  /** Subscribes to any change (scan, confirm, new code, clock moves); returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

const PHASE_STATUS: Record<QrPhase, QrStatus> = {
  wait: 'wait',
  scanned: 'scaned',
  need_code: 'need_verifycode',
  blocked: 'verify_code_blocked',
  confirmed: 'confirmed',
  binded: 'binded_redirect',
  cancelled: 'expired',
};
