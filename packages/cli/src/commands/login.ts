import type { CommandContext } from './context.js';
import { notAvailableYet } from './not-available.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot login`. */
export interface LoginOptions {
  config?: string;
}

/**
 * `wxbot login`: logs in by QR (or resumes the saved session), saves the session to
 * `login.sessionFile` and exits, so a later `wxbot start` needs no phone.
 */
export async function loginCommand(options: LoginOptions, ctx: CommandContext): Promise<number> {
  await prepareRun(ctx, { configFile: options.config, plugins: false });
  // PHASE 2: client login with config.login (mode, maxQrAttempts, qrPngFile), showLoginQr,
  // save the session; LoginError -> ExitCode.Login (main maps it already).
  return notAvailableYet(ctx, 'login');
}
