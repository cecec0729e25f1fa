import { z } from 'zod';
import { LOG_LEVELS } from '../logging.js';
import { CLI_TRANSPORTS, type CliTransport } from '../runtime/transport-names.js';

const nonEmpty = z.string().min(1);

const loginSchema = z.strictObject({
  // UOS "desktop" mode is the one that still logs in most accounts: plain web login answers
  // ret=1203 for accounts created since ~2017 (see shared/protocol.md §1, §3.5).
  mode: z.enum(['desktop', 'web']).default('desktop'),
  sessionFile: nonEmpty.default('.wxbot/session.json'),
  autoRelogin: z.boolean().default(true),
  reloginCooldownSeconds: z.number().min(0).max(86_400).default(60),
  maxQrAttempts: z.number().int().min(1).max(20).default(5),
  qrPngFile: nonEmpty.optional(),
});

const pluginObjectSchema = z
  .strictObject({
    name: nonEmpty.optional(),
    path: nonEmpty.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().default(true),
  })
  .refine((p) => (p.name === undefined) !== (p.path === undefined), {
    error: 'expected exactly one of `name` (a package) or `path` (a file)',
  });

const pluginEntrySchema = z.union([nonEmpty, pluginObjectSchema], {
  error: 'expected a package name, a path, or { name | path, options?, enabled? }',
});

const logSchema = z.strictObject({
  level: z.enum(LOG_LEVELS).default('info'),
  file: nonEmpty.optional(),
  pretty: z
    .union([z.literal('auto'), z.boolean()], { error: 'expected auto, true or false' })
    .default('auto'),
});

const perMinute = z.number().positive();

const outboxSchema = z.strictObject({
  pacing: z.boolean().default(true),
  // Unset rates mean "the core's defaults", so the numbers live in one place.
  globalPerMinute: perMinute.optional(),
  perChatPerMinute: perMinute.optional(),
  typingCharsPerSecond: z.number().min(0).optional(),
  unsafeRates: z.boolean().default(false),
  dailyBudget: z
    .union([z.number().int().min(1).max(100_000), z.literal(false)], {
      error: 'expected a whole number of messages per day, or false for no budget',
    })
    .default(300),
  // iLink: replies over the turn's quota or past the reply window wait for the person's next message.
  queueUntilNextTurn: z
    .union(
      [
        z.boolean(),
        z.strictObject({
          maxPerChat: z.number().int().min(1).max(1000).optional(),
          maxHoldHours: z.number().positive().max(168).optional(),
        }),
      ],
      { error: 'expected true, false, or { maxPerChat, maxHoldHours }' },
    )
    .default(false),
});

const replyLoopSchema = z.strictObject({
  enabled: z.boolean().default(true),
  fastReplySeconds: z.number().positive().max(600).optional(),
  strikes: z.number().int().min(1).max(1000).optional(),
  pauseMinutes: z.number().positive().max(100_000).optional(),
});

const castSchema = z.strictObject({
  self: z.strictObject({ nickName: nonEmpty }).default({ nickName: 'wxbot' }),
  friends: z
    .array(
      z.strictObject({ nickName: nonEmpty, remarkName: nonEmpty.optional(), alias: nonEmpty.optional() }),
    )
    .default([]),
  groups: z
    .array(
      z.strictObject({
        topic: nonEmpty,
        members: z.array(nonEmpty).min(1),
        selfDisplayName: nonEmpty.optional(),
      }),
    )
    .default([]),
});

/** The small cast `--sandbox` uses when the config has no `sandbox.cast`. */
export const DEFAULT_CAST: z.output<typeof castSchema> = castSchema.parse({
  self: { nickName: 'wxbot' },
  friends: [{ nickName: 'Alice' }, { nickName: 'Bob' }, { nickName: 'Carol', alias: 'carol_w' }],
  groups: [{ topic: 'Weekend Hikers', members: ['Alice', 'Bob', 'Carol'] }],
});

const sandboxSchema = z.strictObject({
  cast: castSchema.default(() => structuredClone(DEFAULT_CAST)),
});

const hostsSchema = z.strictObject({
  connectTo: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
});

const healthSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: nonEmpty.default('127.0.0.1'),
});

// iLink's published rules are a 24 h reply window and 10 messages per user turn: a config may only
// be stricter (a safety margin), never looser than the server.
const ilinkSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  replyWindowHours: z
    .number()
    .positive()
    .max(24, { error: 'iLink allows replies for at most 24 hours' })
    .optional(),
  quotaPerTurn: z
    .number()
    .int()
    .min(1)
    .max(10, { error: 'iLink allows at most 10 messages per user turn' })
    .optional(),
});

const consoleSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(0),
  host: nonEmpty.default('127.0.0.1'),
  token: z.string().min(16, { error: 'expected at least 16 characters (a long random secret)' }).optional(),
});

const limitsSchema = z.strictObject({
  maxPending: z.number().int().min(1).max(1_000_000).default(1000),
  maxResponseMB: z.number().positive().max(4096).default(64),
  syncRequestsPerSecond: z.number().positive().max(100).default(4),
});

/**
 * The zod schema of a `wxbot` config file. Unknown keys are errors; every section is optional and
 * gets defaults.
 */
export const configSchema = z.strictObject({
  // Which protocol the bot speaks; every transport runs the same plugins and config.
  transport: z.enum(CLI_TRANSPORTS).default('web'),
  login: loginSchema.prefault({}),
  plugins: z.array(pluginEntrySchema).default([]),
  log: logSchema.prefault({}),
  outbox: outboxSchema.prefault({}),
  replyLoop: replyLoopSchema.prefault({}),
  sandbox: sandboxSchema.prefault({}),
  hosts: hostsSchema.prefault({}),
  health: healthSchema.prefault({}),
  ilink: ilinkSchema.prefault({}),
  limits: limitsSchema.prefault({}),
  // Present: `wxbot start` serves the web console (also `--console`).
  console: consoleSchema.optional(),
});

/**
 * What a user may write in a config file (every field optional).
 *
 * @example
 * // wxbot.config.ts
 * import { defineConfig } from '@wxbot/cli';
 * export default defineConfig({ plugins: ['./my-plugin.ts'], log: { level: 'debug' } });
 */
export type WxbotConfigInput = z.input<typeof configSchema>;

/** A plugin entry as written: a package name or path, or an object. */
export type PluginEntryInput = z.input<typeof pluginEntrySchema>;

/** The sandbox cast: who the simulated account talks to. */
export type SandboxCast = z.output<typeof castSchema>;

/**
 * A validated config with every default filled in and every file path made absolute (relative
 * paths are taken from the config file's directory).
 */
export interface WxbotConfig {
  /**
   * The transport: `web` (Web WeChat, web or desktop/UOS mode) or `ilink` (WeChat's official bot
   * API: direct messages only). Default `web`.
   */
  transport: CliTransport;
  login: {
    /** `desktop` (UOS, default: still logs in accounts refused by web with ret=1203) or `web`. */
    mode: 'desktop' | 'web';
    /** Absolute path of the saved session. Default `<config dir>/.wxbot/session.json`. */
    sessionFile: string;
    /**
     * When the server ends the session, log in again by itself: resume, else a push login the
     * phone confirms — never a new QR. Not after a restriction-like ending. Default true.
     */
    autoRelogin: boolean;
    /** Wait this long before an automatic re-login. Default 60. */
    reloginCooldownSeconds: number;
    /** Give up (exit 4) after this many expired QR codes (at most 20). Default 5. */
    maxQrAttempts: number;
    /** Also save each login QR as a PNG here (absolute), for headless servers. */
    qrPngFile: string | undefined;
  };
  /** Plugin entries in config order (resolve them with `loadPlugins`). */
  plugins: PluginEntry[];
  log: {
    level: (typeof LOG_LEVELS)[number];
    /** Absolute path of a JSON-lines log file, if any. */
    file: string | undefined;
    pretty: 'auto' | boolean;
  };
  outbox: {
    pacing: boolean;
    /** `undefined` = the core's default. */
    globalPerMinute: number | undefined;
    perChatPerMinute: number | undefined;
    typingCharsPerSecond: number | undefined;
    /** Allow `pacing: false` or rates above the safe defaults on the real hosts (with a warning). Default false. */
    unsafeRates: boolean;
    /** Messages per day per account; `false` = no budget. Default 300. */
    dailyBudget: number | false;
    /**
     * iLink: hold replies beyond the turn's quota or past the reply window until the person writes
     * again (bounded per chat and in hours) instead of failing them. Default false.
     */
    queueUntilNextTurn: boolean | { maxPerChat?: number | undefined; maxHoldHours?: number | undefined };
  };
  /** The reply-loop guard (pauses auto-replies in a chat that ping-pongs with another bot). */
  replyLoop: {
    enabled: boolean;
    fastReplySeconds: number | undefined;
    strikes: number | undefined;
    pauseMinutes: number | undefined;
  };
  sandbox: { cast: SandboxCast };
  hosts: {
    /** Talk to this server (e.g. a simulator) instead of the real WeChat hosts. */
    connectTo: string | undefined;
  };
  health: {
    /** Serve `/healthz` and `/metrics` on this port (0 = any free port); off when undefined. */
    port: number | undefined;
    host: string;
  };
  /** iLink options (used when `transport` is `ilink`). */
  ilink: {
    /** The iLink API address (default the official host); `hosts.connectTo` is used when unset. */
    baseUrl: string | undefined;
    /** Reply window in hours (at most 24, the server's); `undefined` = 24. */
    replyWindowHours: number | undefined;
    /** Messages per user turn (at most 10, the server's); `undefined` = 10. */
    quotaPerTurn: number | undefined;
  };
  limits: {
    /**
     * Messages waiting for their handlers before the bot stops fetching more (the server keeps
     * them; nothing is dropped, each chat stays in order). Default 1000.
     */
    maxPending: number;
    /** Largest server answer read into memory, in MiB (media to files is streamed). Default 64. */
    maxResponseMB: number;
    /** Hard ceiling on the sync loop's requests per second (bursts of twice that). Default 4. */
    syncRequestsPerSecond: number;
  };
  /** The web console (`wxbot start --console` or this section): undefined when not configured. */
  console:
    | {
        /** Port (0 = any free port, printed at start). Default 0. */
        port: number;
        /** Address to bind. Default `127.0.0.1`; another address needs `token`. */
        host: string;
        /** The access token (≥ 16 characters); default a fresh random one per start. `WXBOT_CONSOLE_TOKEN` overrides. */
        token: string | undefined;
      }
    | undefined;
}

/** One plugin entry after validation, normalized to an object. */
export interface PluginEntry {
  /** Package name, when the entry names a package. */
  name: string | undefined;
  /** File path as written (relative to the config file), when the entry names a file. */
  path: string | undefined;
  /** Options passed to the plugin (validated by the plugin's own schema when it has one). */
  options: Record<string, unknown>;
  enabled: boolean;
}

/**
 * Identity helper that gives a TypeScript/JavaScript config file type checking and completion.
 *
 * @example
 * export default defineConfig({ login: { mode: 'desktop' }, plugins: ['@wxbot/plugin-logger'] });
 */
export function defineConfig(config: WxbotConfigInput): WxbotConfigInput {
  return config;
}
