import { explain } from '@wxbot/plugin-autoreply';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { AUTOREPLY_PACKAGE } from '../runtime/bundled-plugins.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot explain`. */
export interface ExplainOptions {
  config?: string;
  /** Pretend the message was sent in this group. */
  group?: string;
  /** Pretend this contact sent it. */
  from?: string;
}

// A leading "@bot " or "@Name " (U+2005 or a space after it) in a group text is a mention of the bot.
const LEADING_MENTION = /^@\S+[\u2005 ]\s*/;

/**
 * `wxbot explain "text"`: shows which auto-reply rule would answer a message, and why the
 * others would not, without sending anything. In a group (`--group`), a leading `@bot ` (or any
 * `@name `) counts as an @mention of the bot. Exit 1 when the config has no auto-reply plugin.
 */
export async function explainCommand(
  text: string,
  options: ExplainOptions,
  ctx: CommandContext,
): Promise<number> {
  const { loaded } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const entry = loaded.config.plugins.find((p) => p.enabled && p.name === AUTOREPLY_PACKAGE);
  if (entry === undefined) {
    writeLine(
      ctx.io.stderr,
      `wxbot explain: ${loaded.label} has no enabled ${AUTOREPLY_PACKAGE} entry in plugins; nothing to explain.`,
    );
    return ExitCode.Failure;
  }
  const inGroup = options.group !== undefined;
  const mentioned = inGroup && LEADING_MENTION.test(text);
  const lines = explain(entry.options, {
    text: mentioned ? text.replace(LEADING_MENTION, '') : text,
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    mentioned,
  });
  for (const line of lines) writeLine(ctx.io.stdout, line);
  return ExitCode.Ok;
}
