import type { CommandContext } from './context.js';
import { notAvailableYet } from './not-available.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot explain`. */
export interface ExplainOptions {
  config?: string;
  /** Pretend the message was sent in this group. */
  group?: string;
  /** Pretend this contact sent it. */
  from?: string;
}

/**
 * `wxbot explain "text"`: shows which auto-reply rule would answer a message, and why the
 * others would not, without sending anything.
 */
export async function explainCommand(
  text: string,
  options: ExplainOptions,
  ctx: CommandContext,
): Promise<number> {
  const run = await prepareRun(ctx, { configFile: options.config });
  run.logger.debug({ text, group: options.group, from: options.from }, 'explain');
  // PHASE 2: build a fake message (text, options.group, options.from) and ask the plugins that
  // support it (plugin-autoreply's explain) what they would do; print their answer.
  return notAvailableYet(ctx, 'explain');
}
