import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import type { CommandContext } from './context.js';

/**
 * Says clearly that a command exists but cannot run in this build yet, and returns exit code 1.
 * Used by command bodies that need the bot runtime until it is wired in.
 */
export function notAvailableYet(ctx: CommandContext, command: string): number {
  writeLine(
    ctx.io.stderr,
    `wxbot ${command}: not available yet: this build of @wxbot/cli does not include the bot runtime. Your config is valid; \`wxbot init\` and \`wxbot status\` work today.`,
  );
  return ExitCode.Failure;
}
