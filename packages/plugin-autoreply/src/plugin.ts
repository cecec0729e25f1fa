import { type Context, definePlugin, markHandled } from '@wxbot/core';
import { z } from 'zod';
import { type AutoreplyOptions, createAutoreply } from './engine/autoreply.js';
import { compileRules } from './engine/compile.js';
import { AutoreplyConfigError } from './engine/config-error.js';
import type { autoreplyConfigSchema } from './engine/schema.js';
import type { ReplyAction } from './engine/types.js';
import { inputFromContext } from './input.js';
import { checkReplyMedia } from './media-check.js';

/** The plugin options as written in the config file (see the README for every field). */
export type AutoreplyPluginConfig = z.input<typeof autoreplyConfigSchema>;

/** Things the plugin needs that are not config: a way to re-read the config, a clock, an RNG. */
export interface AutoreplyRuntime extends Omit<AutoreplyOptions, 'path'> {}

// Validates by compiling, so plugin options fail at start with the engine's precise messages.
// Each problem keeps its path, so the bot's ConfigError reads
// `plugin "autoreply": options.rules[3].match.regex: rules[3] (name "weather"): expected …`.
const optionsSchema = z
  .custom<AutoreplyPluginConfig>(() => true)
  .superRefine((raw, ctx) => {
    try {
      compileRules(raw);
    } catch (e) {
      if (!(e instanceof AutoreplyConfigError)) throw e;
      for (const issue of e.issues) {
        // Name the rule only when it has a name or id: its index is already in the path.
        const named = issue.rule.includes(' (');
        ctx.addIssue({
          code: 'custom',
          path: [...issue.segments],
          message: named ? `${issue.rule}: ${issue.detail}` : issue.detail,
        });
      }
    }
  });

/**
 * Makes the auto-reply plugin. Give `load` so `/autoreply reload` can re-read the rules
 * (the CLI passes one that reads the config file again) and `baseDir` for relative media paths.
 * Cooldowns and time windows follow the bot's clock (`bot.now()`: the wall clock in production,
 * the test kit's accelerated clock in tests); `clock` overrides it (e.g. a fixed "Monday 10:00").
 * `rng` is for tests.
 *
 * @example
 * const bot = createBot();
 * await bot.plugin(createAutoreplyPlugin({ load: () => readConfig().autoreply, baseDir: configDir }), options);
 */
export function createAutoreplyPlugin(runtime: AutoreplyRuntime = {}) {
  return definePlugin({
    name: 'autoreply',
    schema: optionsSchema,
    async setup(bot, options) {
      const clock = runtime.clock ?? (() => bot.now());
      const engine = createAutoreply(options, { ...runtime, clock });
      bot.use(async (ctx, next) => {
        const input = inputFromContext(ctx, new Date(clock()));
        if (input === undefined) return next();
        const decision = await engine.handle(input);
        // Tells a fallback plugin (the LLM) that this message got its answer.
        if (decision.replies.length > 0) markHandled(ctx, 'autoreply');
        for (const r of decision.replies) {
          bot.logger.debug({ rule: r.rule.label, chat: input.chat.name }, 'auto-reply');
          // Queued in order by the outbox; not awaited so a paced send does not hold this chat.
          for (const p of sendReply(ctx, r, decision.reason === 'command', bot.send.bind(bot))) {
            p.catch((error: unknown) =>
              bot.logger.warn({ err: error, rule: r.rule.label }, 'auto-reply could not be sent'),
            );
          }
        }
        if (decision.continue) await next();
      });
      // A missing reply image or file is a config mistake: found at start, not at the first match.
      await checkReplyMedia(options, runtime.baseDir);
    },
  });
}

function sendReply(
  ctx: Context,
  r: ReplyAction,
  isCommand: boolean,
  send: (m: { kind: 'text'; to: string; text: string }) => Promise<unknown>,
): Promise<unknown>[] {
  const sends: Promise<unknown>[] = [];
  // An owner may type commands from the phone (the bot's own message): ctx.reply refuses to
  // answer those, so command answers go straight to the chat.
  if (isCommand) {
    if (r.text !== undefined) sends.push(send({ kind: 'text', to: ctx.message.chat.userName, text: r.text }));
    return sends;
  }
  if (r.text !== undefined) sends.push(ctx.reply(r.text, { mention: r.mention }));
  if (r.image !== undefined) sends.push(ctx.reply({ image: { path: r.image } }));
  if (r.file !== undefined) sends.push(ctx.reply({ file: { path: r.file } }));
  return sends;
}

/** The auto-reply plugin with no reload loader (use {@link createAutoreplyPlugin} to give one). */
export const autoreply = createAutoreplyPlugin();

export default autoreply;
