// Why a session ended, for every transport: the adapter classifies, the runtime (health, status,
// safety state) only reads it.

/**
 * Why a session ended (or a login was refused), as a type:
 * - `phoneLogout`: logged out on the phone (Web: 1100);
 * - `replaced`: another web/desktop login took over (1101);
 * - `expired`: the server no longer accepts the session or its cookies (1102 on a session that had run a while);
 * - `restricted`: the server ended a fresh login within seconds (1102 soon after a QR/push login):
 *   the pattern reported since January 2025 before warnings and bans — probable ban risk;
 * - `rateLimited`: the server refused for frequency (1205);
 * - `environmentRefused`: the login itself was refused (1203, or the desktop-mode 301 without a
 *   Location that unverified accounts get).
 */
export type SessionEndKind =
  | 'phoneLogout'
  | 'replaced'
  | 'expired'
  | 'restricted'
  | 'rateLimited'
  | 'environmentRefused';

/** A classified end of a session, as the `logout` event, `/healthz` and `wxbot status` report it. */
export interface SessionEnd {
  readonly kind: SessionEndKind;
  /** synccheck retcode / Ret / login ret behind it; `301` for the bare redirect refusal. */
  readonly code: number | undefined;
  /** One sentence for a person: what happened and what to do. */
  readonly message: string;
  /**
   * True when wxbot may log in again by itself (resume, then a push login the phone confirms,
   * never a QR). False after a restriction-like ending: a person decides (`wxbot login`).
   */
  readonly mayRelogin: boolean;
  /** When it ended (ms since epoch). */
  readonly at: number;
}
