import {
  ConfigError,
  type Context,
  definePlugin,
  handledBy,
  markHandled,
  type PluginContext,
} from '@wxbot/core';
import { buildPrompt } from './conversation.js';
import { ModelError } from './errors.js';
import { inputFromContext, type LlmInput } from './input.js';
import { ConversationMemory, turn } from './memory.js';
import { createModelClient, endpointLabel, type ModelClient } from './model-client.js';
import { type LlmOptions, llmOptionsSchema } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { splitAnswer } from './split.js';
import { decide } from './trigger.js';
import { ConversationQueue } from './work-queue.js';

/** Things the plugin needs that are not config. */
export interface LlmRuntime {
  /**
   * Use this endpoint instead of `baseURL` and the key from `apiKeyEnv` (the sandbox points the
   * plugin at its offline model this way).
   */
  readonly endpoint?: { readonly baseURL: string; readonly apiKey?: string };
  /** Where `apiKeyEnv` is looked up. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock for memory expiry, rate limits and service hours. Default the bot's (`bot.now()`). */
  readonly clock?: () => number;
  /**
   * How many messages the transport lets the bot send in answer to one message (iLink's
   * per-turn quota); `undefined` = no limit. The answer is split into at most
   * `min(limits.maxParts, quota)` messages. Default: the transport's `perTurnQuota`
   * (`bot.capabilities`), so on iLink an answer never needs more sends than the turn allows.
   */
  readonly sendQuotaPerTurn?: (ctx: Context) => number | undefined;
  /** For tests: the back-off jitter source. */
  readonly random?: () => number;
}

/** The LLM plugin's options as written in the config file (see the README for every field). */
export type { LlmPluginConfig } from './options.js';

function resolveKey(
  options: LlmOptions,
  runtime: LlmRuntime,
): { baseURL: string; apiKey: string | undefined } {
  if (runtime.endpoint !== undefined)
    return { baseURL: runtime.endpoint.baseURL, apiKey: runtime.endpoint.apiKey };
  const name = options.apiKeyEnv;
  if (name === null) return { baseURL: options.baseURL, apiKey: undefined };
  const key = (runtime.env ?? process.env)[name];
  if (key === undefined || key.trim() === '') {
    throw new ConfigError(
      'options.apiKeyEnv',
      `plugin "llm": the environment variable ${name} (named by options.apiKeyEnv) is not set; export ${name}=<your key> before starting, or set apiKeyEnv: null for a server without keys (Ollama)`,
    );
  }
  return { baseURL: options.baseURL, apiKey: key.trim() };
}

/**
 * Makes the LLM plugin: AI answers from any OpenAI-compatible model, with triggers, memory,
 * personas and limits. `runtime` is for hosts and tests (another endpoint, a clock, the
 * transport's send quota).
 *
 * @example
 * await bot.plugin(createLlmPlugin(), { baseURL: 'https://api.deepseek.com/v1', model: 'deepseek-chat', apiKeyEnv: 'DEEPSEEK_API_KEY' });
 */
export function createLlmPlugin(runtime: LlmRuntime = {}) {
  return definePlugin({
    name: 'llm',
    schema: llmOptionsSchema,
    setup(bot, options) {
      const endpoint = resolveKey(options, runtime);
      const client = createModelClient({
        ...endpoint,
        model: options.model,
        headers: options.headers,
        timeoutMs: options.timeoutMs,
        retry: options.retry,
        maxAnswerTokens: options.maxAnswerTokens,
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        stream: options.stream,
        ...(runtime.random !== undefined ? { random: runtime.random } : {}),
        onRetry: (error, delayMs) =>
          bot.logger.info(
            { code: error.code, status: error.status, delayMs, err: error.message },
            'llm retrying',
          ),
      });
      const clock = runtime.clock ?? (() => bot.now());
      const answerer = new Answerer(bot, options, client, clock, runtime);
      bot.setInterval(() => answerer.memory.sweep(clock()), Math.min(options.memory.idleExpiry, 600_000));
      // The pipeline runs plugins in config order, and next() lets the later ones run once this
      // middleware returns: list the LLM after the auto-reply plugin to make it the fallback, or
      // before it to answer first (the rules then get only what the LLM left).
      bot.use((ctx, next) => {
        if (handledBy(ctx) === undefined && answerer.handle(ctx)) return;
        return next();
      });
      bot.logger.info({ model: options.model, endpoint: endpointLabel(endpoint.baseURL) }, 'llm ready');
    },
  });
}

/** Answers one message at a time; holds the memory and the rate limits. */
class Answerer {
  readonly memory: ConversationMemory;
  readonly #limiter: RateLimiter;
  readonly #queue: ConversationQueue;

  constructor(
    private readonly bot: PluginContext,
    private readonly options: LlmOptions,
    private readonly client: ModelClient,
    private readonly clock: () => number,
    private readonly runtime: LlmRuntime,
  ) {
    this.memory = new ConversationMemory({
      maxMessages: options.memory.maxMessages,
      idleExpiryMs: options.memory.idleExpiry,
      maxConversations: options.memory.maxConversations,
    });
    this.#limiter = new RateLimiter(options.limits);
    this.#queue = new ConversationQueue(options.limits);
  }

  /** Takes `ctx` if it is for the LLM (answers later, off the pipeline); true when it took it. */
  handle(ctx: Context): boolean {
    const now = this.clock();
    const input = inputFromContext(ctx, new Date(now));
    if (input === undefined) return false;
    const d = decide(input, this.options);
    const log = this.bot.logger;
    switch (d.action) {
      case 'skip':
        log.debug({ chat: input.chat.name, code: d.code }, `llm stays out: ${d.reason}`);
        return false;
      case 'clear':
        this.memory.clear(d.memoryKey);
        log.info({ chat: input.chat.name }, 'llm memory cleared');
        this.say(ctx, input, [this.options.memory.clearedReply]);
        return true;
      case 'closed': {
        const closed = this.options.serviceHours?.closedReply ?? null;
        log.debug({ chat: input.chat.name }, `llm closed: ${d.reason}`);
        if (closed === null) return false;
        this.say(ctx, input, [closed]);
        return true;
      }
      case 'ask':
        return this.ask(ctx, input, d.question, d.memoryKey, now);
    }
  }

  /** Takes a rate-limit token and queues the question; true when the plugin took the message. */
  private ask(ctx: Context, input: LlmInput, question: string, memoryKey: string, now: number): boolean {
    const log = this.bot.logger;
    const verdict = this.#limiter.take(
      { user: input.sender.id, chat: `${input.chat.kind}:${input.chat.id}` },
      now,
    );
    if (!verdict.ok) {
      log.info(
        { chat: input.chat.name, limit: verdict.limit, retryInMs: verdict.retryInMs },
        'llm rate limit reached',
      );
      const refusal = this.options.limits.refusal;
      if (verdict.refuse && refusal !== null) this.say(ctx, input, [refusal]);
      else markHandled(ctx, 'llm');
      return true;
    }
    // The model may take many seconds: the work runs outside the message's deadline, one question
    // at a time per conversation so each sees the previous answer in memory.
    // The handler returns now: "typing…" (where the transport has it) is held from here, counted
    // with the handler's own, until the answer was sent.
    const done = ctx.typing();
    const queued = this.#queue.push(memoryKey, () => this.answer(ctx, input, question, memoryKey, done));
    if (!queued) {
      done();
      log.warn(
        { chat: input.chat.name, queued: this.options.limits.maxQueued },
        'llm queue full; question dropped',
      );
    }
    markHandled(ctx, 'llm');
    return true;
  }

  /** Answers a queued question; `done` ends the typing hold once the answer was sent (or not). */
  private async answer(
    ctx: Context,
    input: LlmInput,
    question: string,
    memoryKey: string,
    done: () => void,
  ): Promise<void> {
    let outcome: { sent?: Promise<void> } = {};
    try {
      outcome = await this.think(ctx, input, question, memoryKey);
    } finally {
      if (outcome.sent === undefined) done();
      else void outcome.sent.then(done);
    }
  }

  /** Asks the model; `sent` settles once the answer's parts (or the fallback) were sent or failed. */
  private async think(
    ctx: Context,
    input: LlmInput,
    question: string,
    memoryKey: string,
  ): Promise<{ sent?: Promise<void> }> {
    const log = this.bot.logger;
    const stopped = this.bot.signal;
    const image = input.kind === 'image' ? await this.image(ctx) : undefined;
    if (input.kind === 'image' && image === undefined) return {};
    const history = this.memory.history(memoryKey, this.clock());
    const prompt = buildPrompt(input, question, history, this.options, image);
    let text: string;
    try {
      const answer = await this.client.complete(prompt.messages, stopped);
      text = answer.text;
      log.info(
        {
          chat: input.chat.name,
          attempts: answer.attempts,
          history: prompt.historySent,
          finish: answer.finishReason,
        },
        'llm answered',
      );
    } catch (error) {
      const e = error instanceof ModelError ? error : undefined;
      log.warn(
        {
          chat: input.chat.name,
          code: e?.code,
          status: e?.status,
          attempts: e?.attempts,
          err: (error as Error).message,
        },
        'llm could not answer',
      );
      const fallback = this.options.fallbackReply;
      if (!stopped.aborted && fallback !== null) return { sent: this.say(ctx, input, [fallback]) };
      return {};
    }
    if (stopped.aborted) return {};
    // The transport's per-turn quota (iLink: 10) unless the host says otherwise.
    const quota = this.runtime.sendQuotaPerTurn
      ? this.runtime.sendQuotaPerTurn(ctx)
      : this.bot.capabilities?.perTurnQuota;
    const limits = this.options.limits;
    const parts = splitAnswer(text, {
      maxChars: limits.maxAnswerChars,
      partChars: limits.partChars,
      maxParts: quota === undefined ? limits.maxParts : Math.max(1, Math.min(limits.maxParts, quota)),
    });
    this.memory.remember(memoryKey, [prompt.question, turn('assistant', parts.join('\n'))], this.clock());
    return { sent: this.say(ctx, input, parts) };
  }

  /** The image of a message as a data URL, within `vision.maxBytes`; `undefined` when it cannot be had. */
  private async image(ctx: Context): Promise<{ dataUrl: string } | undefined> {
    try {
      const media = await this.bot.download(ctx.message);
      if (media.data === undefined || media.size > this.options.vision.maxBytes) {
        this.bot.logger.info({ size: media.size }, 'llm skips an image larger than vision.maxBytes');
        return undefined;
      }
      const type = media.contentType.startsWith('image/') ? media.contentType : 'image/jpeg';
      return { dataUrl: `data:${type};base64,${media.data.toString('base64')}` };
    } catch (error) {
      this.bot.logger.warn({ err: (error as Error).message }, 'llm could not download the image');
      return undefined;
    }
  }

  /**
   * Sends the parts in order through the outbox (paced); only the first @-mentions the asker.
   * The returned promise settles (never rejects) once every part was sent or failed.
   */
  private say(ctx: Context, input: LlmInput, parts: readonly string[]): Promise<void> {
    markHandled(ctx, 'llm');
    const inGroup = input.chat.kind === 'group';
    const mention = inGroup && this.options.group.mentionSender;
    const prefix = inGroup ? this.options.group.replyPrefix : this.options.private.replyPrefix;
    // Not awaited by the work queue: the outbox keeps the order, and a paced send must not hold this chat.
    const sends = parts.map((part, i) =>
      ctx.reply(i === 0 ? prefix + part : part, { mention: mention && i === 0 }).then(
        () => undefined,
        (error: unknown) => {
          this.bot.logger.warn(
            { err: (error as Error).message, part: i + 1 },
            'llm answer could not be sent',
          );
        },
      ),
    );
    return Promise.all(sends).then(() => undefined);
  }
}

/** The LLM plugin with no runtime overrides (use {@link createLlmPlugin} to give some). */
export const llm = createLlmPlugin();

export default llm;
