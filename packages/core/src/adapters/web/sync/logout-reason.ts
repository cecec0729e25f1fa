/** Codes that mean the session is over (synccheck retcode or BaseResponse.Ret). */
export const LOGOUT_CODES: ReadonlySet<number> = new Set([1100, 1101, 1102]);

/** A human-readable reason for a logout code, naming where it came from. */
export function logoutReason(code: number, source: string): string {
  switch (code) {
    case 1100:
      return `session ended: logged out on the phone or expired (${source} ${code})`;
    case 1101:
      return `session ended: logged out on the phone or logged in elsewhere (${source} ${code})`;
    case 1102:
      return `session ended: session or cookies rejected by the server (${source} ${code})`;
    default:
      return `session ended (${source} ${code})`;
  }
}
