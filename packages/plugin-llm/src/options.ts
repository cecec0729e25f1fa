import { parseDuration } from '@wxbot/core';
import { z } from 'zod';

const duration = (what: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a duration such as "30s", "10m", "1h" or a number of seconds (got ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const clockTime = z.string().regex(CLOCK, { message: 'must be a time of day "HH:MM" (24 h), e.g. "08:30"' });

const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });
// Prefixes keep their spaces: "ai " does not match "aim".
const prefix = z.string().refine((s) => s.trim() !== '', { message: 'must not be empty or blank' });

/** A list of names or ids; `"*"` means everyone / every group. */
const nameList = z.array(nonEmpty);

const rateSchema = z.strictObject({
  /** How many model answers are allowed in the window. */
  max: z.number().int().positive(),
  /** The window (`"1m"`, `"1h"`…). Default one minute, as chatgpt-on-wechat's `rate_limit_chatgpt`. */
  per: duration('per').default(60_000),
});

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "Asia/Shanghai"' },
);

/**
 * The options of the LLM plugin. See the README for every field and the mapping from
 * chatgpt-on-wechat's keys.
 */
export const llmOptionsSchema = z.strictObject({
  /** The OpenAI-compatible endpoint, up to and including `/v1` (DeepSeek, Qwen, Kimi, Ollama, vLLM…). */
  baseURL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as "https://api.deepseek.com/v1"' })
    .default('https://api.openai.com/v1'),
  /** The model name the endpoint knows (`deepseek-chat`, `qwen-plus`, `llama3.2`…). */
  model: nonEmpty,
  /**
   * The NAME of the environment variable that holds the API key (never the key itself: config
   * files end up in git). Local servers such as Ollama need none: set `apiKeyEnv: null`.
   */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      message: 'must be the NAME of an environment variable (e.g. "DEEPSEEK_API_KEY"), not the key itself',
    })
    .nullable()
    .default('OPENAI_API_KEY'),
  /** Extra HTTP headers for the endpoint (e.g. an OpenRouter `HTTP-Referer`). Never put keys here. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Sampling temperature, 0–2 (the model's default when unset). */
  temperature: z.number().min(0).max(2).optional(),
  /** Longest answer the model may write, in tokens (`max_tokens`). */
  maxAnswerTokens: z.number().int().positive().default(800),
  /** Ask for a server-sent-event stream (some local servers answer faster that way). */
  stream: z.boolean().default(false),
  /** One model request may take this long, ms (then it counts as failed). */
  timeoutMs: z.number().int().positive().default(20_000),
  /** Failed requests (network, timeout, 408/409/429/5xx) are retried with exponential back-off. */
  retry: z
    .strictObject({
      attempts: z.number().int().min(0).max(10).default(2),
      baseDelayMs: z.number().int().min(0).default(1000),
      maxDelayMs: z.number().int().min(0).default(10_000),
    })
    .prefault({}),
  /** Said when the model cannot answer after the retries; `null` = say nothing. */
  fallbackReply: z.string().nullable().default('抱歉，我暂时无法回答，请稍后再试。'),
  /** Private chats. */
  private: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Answer only messages that start with one of these (stripped before asking). Empty = every message. */
      prefixes: z.array(prefix).default([]),
      /** Put before every answer (e.g. "[bot] "), so people can tell the AI from the owner. */
      replyPrefix: z.string().default(''),
    })
    .prefault({}),
  /** Groups: answered only when triggered (an @mention, a prefix or a keyword). */
  group: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Answer when the bot is @-mentioned. */
      mention: z.boolean().default(true),
      /** Answer messages starting with one of these (stripped). */
      prefixes: z.array(prefix).default([]),
      /** Answer messages containing one of these (case-insensitive). */
      keywords: z.array(nonEmpty).default([]),
      /** Group names or ids to answer in; `["*"]` = every group. */
      allow: nameList.default(['*']),
      /** Group names or ids never answered (wins over `allow`). */
      deny: nameList.default([]),
      /** One memory for the whole group (`shared`) or one per member (`per-member`). */
      memory: z.enum(['shared', 'per-member']).default('per-member'),
      /** Put before every answer, after the @mention. */
      replyPrefix: z.string().default(''),
      /** @-mention the asker in the answer. */
      mentionSender: z.boolean().default(true),
    })
    .prefault({}),
  /** People (name, remark, alias or id): `allow` `["*"]` = everyone; `deny` wins (in groups too). */
  contacts: z
    .strictObject({
      allow: nameList.default(['*']),
      deny: nameList.default([]),
    })
    .prefault({}),
  /** The system prompt. Templates: `{sender}`, `{group}`, `{chat}`, `{date}`, `{time}`, `{weekday}`. */
  persona: z
    .strictObject({
      default: z
        .string()
        .default(
          'You are a helpful assistant in a WeChat chat. Answer briefly, in the language of the question.',
        ),
      /** A prompt per contact (name, remark, alias or id). */
      contacts: z.record(z.string(), z.string()).default({}),
      /** A prompt per group (name or id). */
      groups: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  memory: z
    .strictObject({
      /** History (persona + earlier turns + the question) sent to the model, in estimated tokens. */
      maxTokens: z.number().int().positive().default(2000),
      /** At most this many earlier messages (questions and answers) are kept. */
      maxMessages: z.number().int().min(0).default(20),
      /** A conversation idle this long starts afresh. */
      idleExpiry: duration('idleExpiry').default(3_600_000),
      /** Messages that clear the conversation's memory (exact text, trimmed). */
      clearCommands: z.array(nonEmpty).default(['#清除记忆']),
      /** Said after a clear command. */
      clearedReply: z.string().default('记忆已清除。'),
      /** Conversations kept at once (the least recently used are forgotten). */
      maxConversations: z.number().int().positive().default(1000),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Answers per person (across chats). */
      perUser: rateSchema.optional(),
      /** Answers per chat (a private chat or a group). */
      perChat: rateSchema.optional(),
      /** Said once per window to whoever hits a limit; `null` = stay silent. */
      refusal: z.string().nullable().default('你问得太快了，请稍等一会儿再问我。'),
      /** Longest answer sent, in characters (cut with "…"). */
      maxAnswerChars: z.number().int().positive().default(2000),
      /** A longer answer is split into messages of at most this many characters. */
      partChars: z.number().int().min(20).default(600),
      /** At most this many messages per answer (the last is cut with "…"). */
      maxParts: z.number().int().positive().default(3),
      /** Questions waiting for the model per conversation; more are dropped (a flood is not queued). */
      maxQueued: z.number().int().positive().default(5),
      /** Model requests running at once, over every chat. */
      maxConcurrent: z.number().int().positive().default(4),
      /** Questions longer than this many characters are cut before asking. */
      maxQuestionChars: z.number().int().positive().default(2000),
    })
    .prefault({}),
  /** Answer only in these hours of the day (e.g. from "08:00" to "23:00"; overnight ranges work). */
  serviceHours: z
    .strictObject({
      from: clockTime,
      to: clockTime,
      /** IANA time zone (default: the machine's). */
      timezone: timezone.optional(),
      /** Said outside the hours when triggered; `null` (default) = stay silent. */
      closedReply: z.string().nullable().default(null),
    })
    .optional(),
  /** Send images to the model (for models that accept images). Private chats only. Off by default. */
  vision: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Largest image sent, bytes. */
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(4 * 1024 * 1024),
      /** The question sent with a lone image. */
      prompt: z.string().default('Describe this image briefly.'),
    })
    .prefault({}),
});

/** The options as written in the config (see the README). */
export type LlmPluginConfig = z.input<typeof llmOptionsSchema>;
/** The options after validation and defaults. */
export type LlmOptions = z.output<typeof llmOptionsSchema>;
/** A rate limit after validation: `max` answers per `per` ms. */
export type RateLimitOptions = z.output<typeof rateSchema>;
