/**
 * `@wxbot/plugin-logger`: every incoming and outgoing message as one structured pino record, and
 * an optional JSONL chat archive (one file per day, rotated by size, old days pruned).
 *
 * @example
 * // wxbot.config.yaml:  plugins: [{ name: '@wxbot/plugin-logger', options: { archive: .wxbot/archive } }]
 * import logger from '@wxbot/plugin-logger';
 * await bot.plugin(logger, { level: 'info', archive: { dir: 'logs/chat', retainDays: 30 } });
 */

// Advanced: the pieces, for tools that read or write the same records.
export { ChatArchive, type ChatArchiveOptions } from './archive.js';
export {
  LOG_LEVELS,
  type LoggerOptions,
  type LoggerOptionsInput,
  loggerOptionsSchema,
  parseSize,
} from './options.js';
// Common: the plugin.
export { createLoggerPlugin, default, type LoggerRuntime, logger } from './plugin.js';
export {
  failedRecord,
  incomingRecord,
  type MessageRecord,
  type OutgoingTarget,
  outgoingRecord,
  type Sender,
} from './record.js';
export { LOGGER_REDACT_PATHS, scrubSecrets } from './secrets.js';
export { summarize } from './summary.js';
