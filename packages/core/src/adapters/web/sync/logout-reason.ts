/** Codes that mean the session is over (synccheck retcode or BaseResponse.Ret). */
export const LOGOUT_CODES: ReadonlySet<number> = new Set([1100, 1101, 1102]);

/** A human-readable reason for a logout code, naming where it came from. */
export function logoutReason(code: number, source: string): string {
  switch (code) {
    case 1100:
      return `session ended: logged out on the phone (${source} ${code})`;
    case 1101:
      return `session ended: replaced by another login (${source} ${code})`;
    case 1102:
      return `session ended: session or cookies rejected by the server (${source} ${code})`;
    default:
      return `session ended (${source} ${code})`;
  }
}

import type { SessionEnd, SessionEndKind } from '../../../adapter/session-end.js';

export type { SessionEnd, SessionEndKind } from '../../../adapter/session-end.js';

/** What {@link classifySessionEnd} looks at. */
export interface SessionEndInput {
  /** The retcode / Ret / login ret; 301 for the bare-redirect login refusal. */
  readonly code: number | undefined;
  /** How long the session had run (ms); undefined when it never started (a refused login). */
  readonly sessionAgeMs?: number;
  /** True when the session came from a QR or push login (not a resumed one). */
  readonly freshLogin?: boolean;
  /** A 1102 this soon after a fresh login counts as `restricted`. Default 120 000 (2 min). */
  readonly kickWindowMs?: number;
  /** Set when the login was refused (1203, 301) rather than a running session ending. */
  readonly loginRefused?: boolean;
  readonly now?: number;
}

/** Default of {@link SessionEndInput.kickWindowMs}: the 2025 kicks came seconds to a minute in. */
export const DEFAULT_KICK_WINDOW_MS = 120_000;

const KIND_OF_CODE: Readonly<Record<number, SessionEndKind>> = {
  1100: 'phoneLogout',
  1101: 'replaced',
  1102: 'expired',
  1205: 'rateLimited',
  1203: 'environmentRefused',
  301: 'environmentRefused',
};

const MESSAGES = {
  phoneLogout:
    'The session was logged out on the phone (or no longer exists); run `wxbot login` when you want the bot back.',
  replaced:
    'Another web or desktop login replaced this session; wxbot does not fight it: close the other login, then run `wxbot login`.',
  expired:
    'The server no longer accepts this session (expired or cookies rejected); wxbot will ask the phone to confirm a new login if autoRelogin is on, otherwise run `wxbot login`.',
  restricted:
    'WeChat ended a fresh login within seconds (risk control seen since January 2025): probable ban risk. Do not scan again today; wait at least a day, then run `wxbot login` once, or use the official iLink transport.',
  rateLimited:
    'WeChat refused for sending too often (1205); wxbot stopped: wait an hour or more, lower outbox rates, then run `wxbot login`.',
  environmentRefused:
    'WeChat refused this login environment (web/desktop login not allowed for this account, or real-name + WeChat Pay missing for desktop mode); scanning again will not help: use the official iLink transport or the phone app.',
} as const satisfies Record<SessionEndKind, string>;

const MAY_RELOGIN = {
  phoneLogout: true,
  replaced: false,
  expired: true,
  restricted: false,
  rateLimited: false,
  environmentRefused: false,
} as const satisfies Record<SessionEndKind, boolean>;

/**
 * Turns the way a session ended into a typed {@link SessionEnd} with one clear sentence.
 * A 1102 soon after a fresh (QR or push) login is `restricted`, not `expired`.
 *
 * @example
 * classifySessionEnd({ code: 1102, sessionAgeMs: 8_000, freshLogin: true }).kind; // 'restricted'
 * classifySessionEnd({ code: 1102, sessionAgeMs: 86_400_000 }).kind;              // 'expired'
 */
export function classifySessionEnd(input: SessionEndInput): SessionEnd {
  const code = input.code;
  let kind: SessionEndKind =
    code !== undefined
      ? (KIND_OF_CODE[code] ?? 'expired')
      : input.loginRefused
        ? 'environmentRefused'
        : 'expired';
  if (input.loginRefused && kind !== 'rateLimited') kind = 'environmentRefused';
  const window = input.kickWindowMs ?? DEFAULT_KICK_WINDOW_MS;
  if (
    kind === 'expired' &&
    input.freshLogin === true &&
    input.sessionAgeMs !== undefined &&
    input.sessionAgeMs <= window
  ) {
    kind = 'restricted';
  }
  const suffix = code !== undefined ? ` (code ${code})` : '';
  return {
    kind,
    code,
    message: `${MESSAGES[kind]}${suffix}`,
    mayRelogin: MAY_RELOGIN[kind],
    at: input.now ?? Date.now(),
  };
}
