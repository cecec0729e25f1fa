import { type AutoreplyInput, createAutoreply, explain } from '@wxbot/plugin-autoreply';
import type { LoadedConfig } from '../config/load-config.js';
import type { PluginEntry } from '../config/schema.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { AUTOREPLY_PACKAGE, LLM_PACKAGE } from '../runtime/bundled-plugins.js';
import { groupOnlyRuleDetails } from '../runtime/inert-rules.js';
import { CLI_TRANSPORTS, isCliTransport } from '../runtime/transport-names.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot explain`. */
export interface ExplainOptions {
  config?: string;
  /** Pretend the message was sent in this group. */
  group?: string;
  /** Pretend this contact sent it. */
  from?: string;
  /** `--transport NAME`: explain for this transport instead of the config's. */
  transport?: string;
}

// A leading "@bot " or "@Name " (U+2005 or a space after it) in a group text is a mention of the bot.
const LEADING_MENTION = /^@\S+[\u2005 ]\s*/;

/** The label of the auto-reply rule that would answer, if any (same input as `explain`). */
function answeringRule(
  options: unknown,
  text: string,
  opts: ExplainOptions,
  mentioned: boolean,
): string | undefined {
  const from = opts.from ?? 'someone';
  const input: AutoreplyInput = {
    kind: 'text',
    text,
    chat:
      opts.group === undefined
        ? { kind: 'private', id: from, name: from }
        : { kind: 'group', id: opts.group, name: opts.group },
    sender: { id: from, name: from, alias: from },
    isMentioned: mentioned,
    self: false,
  };
  const replies = createAutoreply(options).explain(input).decision.replies;
  return replies[0] === undefined ? undefined : `auto-reply ${replies[0].rule.label}`;
}

/**
 * `wxbot explain "text"`: shows which auto-reply rule would answer a message, and why the
 * others would not, and whether the LLM plugin would answer it and why, without sending anything
 * (plugins in config order: the first that answers takes the message). In a group (`--group`), a
 * leading `@bot ` (or any `@name `) counts as an @mention of the bot. Exit 1 when the config has
 * neither plugin.
 */
export async function explainCommand(
  text: string,
  options: ExplainOptions,
  ctx: CommandContext,
): Promise<number> {
  if (options.transport !== undefined && !isCliTransport(options.transport)) {
    writeLine(
      ctx.io.stderr,
      `wxbot: unknown transport "${options.transport}" (--transport): expected one of ${CLI_TRANSPORTS.join(', ')}`,
    );
    return ExitCode.Usage;
  }
  const { loaded } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const plugins = loaded.config.plugins;
  const transport = options.transport ?? loaded.config.transport;
  if (transport === 'ilink') {
    // iLink has no groups: explain the message as the direct message it would be, and say which
    // rules can never fire there.
    const notes = ilinkNotes(plugins, options.group !== undefined);
    const { group: _group, ...direct } = options;
    const code = await explainFor(text, direct, loaded, ctx);
    for (const line of notes) writeLine(ctx.io.stdout, line);
    return code;
  }
  return explainFor(text, options, loaded, ctx);
}

/** What `explain` adds on iLink: `--group` is meaningless, and group-only rules are inert. */
function ilinkNotes(plugins: readonly PluginEntry[], askedGroup: boolean): string[] {
  const lines = ['transport: iLink (direct messages only; no groups, no @mentions)'];
  if (askedGroup)
    lines.push('  --group ignored: no message comes from a group on iLink; explained as a direct message');
  for (const r of groupOnlyRuleDetails(plugins)) {
    const label = `rules[${r.index}]${r.name !== undefined ? ` (name "${r.name}")` : ''}`;
    lines.push(`  ⊘ ${label}: inert on iLink (${r.why}): it never fires on this transport`);
  }
  return lines;
}

async function explainFor(
  text: string,
  options: ExplainOptions,
  loaded: LoadedConfig,
  ctx: CommandContext,
): Promise<number> {
  const plugins = loaded.config.plugins;
  const autoIndex = plugins.findIndex((p) => p.enabled && p.name === AUTOREPLY_PACKAGE);
  const llmIndex = plugins.findIndex((p) => p.enabled && p.name === LLM_PACKAGE);
  if (autoIndex < 0 && llmIndex < 0) {
    writeLine(
      ctx.io.stderr,
      `wxbot explain: ${loaded.label} has no enabled ${AUTOREPLY_PACKAGE} entry (nor ${LLM_PACKAGE}) in plugins; nothing to explain.`,
    );
    return ExitCode.Failure;
  }
  const inGroup = options.group !== undefined;
  const mentioned = inGroup && LEADING_MENTION.test(text);
  const said = mentioned ? text.replace(LEADING_MENTION, '') : text;
  const query = {
    text: said,
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    mentioned,
  };
  // Imported only when the config lists it: the model SDK is not free to load.
  const explainLlm = llmIndex < 0 ? undefined : (await import('@wxbot/plugin-llm')).explainLlm;
  const autoOptions = plugins[autoIndex]?.options;
  const llmOptions = plugins[llmIndex]?.options;
  const autoreplyLines = () => explain(autoOptions, query);
  const out = (lines: readonly string[]) => {
    for (const line of lines) writeLine(ctx.io.stdout, line);
  };
  if (explainLlm === undefined) {
    out(autoreplyLines());
    return ExitCode.Ok;
  }
  if (autoIndex < 0) {
    out(explainLlm(llmOptions, query));
    return ExitCode.Ok;
  }
  if (autoIndex < llmIndex) {
    const answeredBy = answeringRule(autoOptions, said, options, mentioned);
    out([
      ...autoreplyLines(),
      ...explainLlm(llmOptions, { ...query, ...(answeredBy ? { answeredBy } : {}) }),
    ]);
    return ExitCode.Ok;
  }
  const llmLines = explainLlm(llmOptions, query);
  const llmTakes = llmLines[0]?.startsWith('llm: would answer') || llmLines[0]?.startsWith('llm: clears');
  out(
    llmTakes
      ? [...llmLines, `auto-reply: not reached (the LLM plugin, listed before it, takes the message)`]
      : [...llmLines, ...autoreplyLines()],
  );
  return ExitCode.Ok;
}
