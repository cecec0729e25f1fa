import { z } from 'zod';

/** Levels a record can be logged at. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i;
const UNIT: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/** `"50MB"`, `"512 KB"`, `1048576` → bytes; `undefined` when unreadable. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
  const m = SIZE.exec(value.trim());
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * (UNIT[(m[2] ?? 'b').toLowerCase()] ?? 1));
  return bytes > 0 ? bytes : undefined;
}

const size = z
  .union([z.number(), z.string()], { error: 'a size like "50MB", "512KB" or a number of bytes' })
  .transform((v, ctx) => {
    const bytes = parseSize(v);
    if (bytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a size like "50MB", "512KB" or a number of bytes, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return bytes;
  });

const dir = z.string({ error: 'a directory path' }).min(1, { error: 'a non-empty directory path' });

const archiveObject = z.strictObject(
  {
    dir,
    maxFileBytes: size.optional(),
    retainDays: z.number().int().min(0, { error: 'a number of days (0 keeps everything)' }).optional(),
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  },
  { error: 'a directory, { dir, maxFileBytes, retainDays }, or false' },
);

/**
 * The logger's options as written in the config (`plugins: [{ name: '@wxbot/plugin-logger', options }]`).
 * Every field is optional.
 */
export const loggerOptionsSchema = z
  .strictObject({
    /** Level the message records are logged at. Default `info`. */
    level: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    /**
     * Where records go: `bot` (the plugin's child of the bot's logger, default), `stdout`,
     * `stderr`, or a file path (JSON lines, relative to the config directory).
     */
    destination: z.string().min(1).default('bot'),
    /** For `stdout`/`stderr`: pretty lines (`true`), JSON (`false`), or pretty on a TTY (`auto`, default). */
    pretty: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    /** Also log the bot's own messages typed on the phone, and sends (default true). */
    outgoing: z.boolean().default(true),
    /** A JSONL chat archive: a directory, or `{ dir, maxFileBytes, retainDays }`; `false` for none. */
    archive: z
      .preprocess(
        (v) => (v === false ? undefined : typeof v === 'string' ? { dir: v } : v),
        archiveObject.optional(),
      )
      .optional(),
    /**
     * Save the media of incoming images, voice, videos, files and emoticons beside the archive
     * (`<archive dir>/media/<YYYY-MM-DD>/<msgId>.<ext>`) and name the file in the archive line
     * (`media`). Needs `archive`. `true`, or `{ concurrency, maxQueued }` (defaults 2 and 100:
     * downloads at once, and waiting; past that, media is skipped with a warning).
     */
    saveMedia: z
      .union(
        [
          z.boolean(),
          z.strictObject({
            concurrency: z.number().int().min(1).max(16).optional(),
            maxQueued: z.number().int().min(0).optional(),
          }),
        ],
        { error: 'true, false or { concurrency, maxQueued }' },
      )
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.saveMedia !== undefined && o.saveMedia !== false && o.archive === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['saveMedia'],
        message: 'saveMedia saves media beside the archive: set `archive` too (e.g. archive: logs/chat)',
      });
    }
  })
  .default({
    level: 'info',
    destination: 'bot',
    pretty: 'auto',
    outgoing: true,
  });

/** The options as written (input of {@link loggerOptionsSchema}). */
export type LoggerOptionsInput = z.input<typeof loggerOptionsSchema>;
/** The options after validation and defaults. */
export type LoggerOptions = z.output<typeof loggerOptionsSchema>;
