import type { CommandContext } from './context.js';
import { notAvailableYet } from './not-available.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot logout`. */
export interface LogoutOptions {
  config?: string;
}

/** `wxbot logout`: ends the web session on the server (the phone shows it) and deletes the saved session. */
export async function logoutCommand(options: LogoutOptions, ctx: CommandContext): Promise<number> {
  await prepareRun(ctx, { configFile: options.config, plugins: false });
  // PHASE 2: restore the session from config.login.sessionFile, call webwxlogout, delete the file.
  return notAvailableYet(ctx, 'logout');
}
