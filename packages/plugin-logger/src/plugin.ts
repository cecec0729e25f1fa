import { isAbsolute, resolve } from 'node:path';
import {
  type Contact,
  definePlugin,
  type FailedEvent,
  isGroupUserName,
  type Message,
  type OutgoingMessage,
  type PluginContext,
  type SentEvent,
} from '@wxbot/core';
import type { DestinationStream, Level } from 'pino';
import { ChatArchive } from './archive.js';
import { type LoggerOptions, loggerOptionsSchema } from './options.js';
import { openOutput } from './output.js';
import {
  failedRecord,
  incomingRecord,
  type MessageRecord,
  type OutgoingTarget,
  outgoingRecord,
} from './record.js';

/** Things the logger needs that are not in the config file. */
export interface LoggerRuntime {
  /** Write records to this stream instead of `destination` (tests capture records in memory). */
  readonly stream?: DestinationStream;
  /** Directory that relative `destination` files and `archive.dir` resolve against (default: cwd). The CLI passes the config directory. */
  readonly baseDir?: string;
  /** Current time in ms, for the time of outgoing records (default `Date.now`; tests pass the bot's clock). */
  readonly clock?: () => number;
}

// System lines and client notices say nothing a person wrote; recalls and friend requests do.
const SKIPPED: ReadonlySet<string> = new Set(['statusNotify']);

/**
 * Makes the logger plugin: every incoming and outgoing message becomes ONE structured pino record
 * (and, with `archive`, one JSON line in a per-day file).
 *
 * @example
 * const bot = createBot();
 * await bot.plugin(createLoggerPlugin({ baseDir: configDir }), { level: 'info', archive: { dir: 'logs/chat', retainDays: 30 } });
 */
export function createLoggerPlugin(runtime: LoggerRuntime = {}) {
  return definePlugin({
    name: 'logger',
    schema: loggerOptionsSchema,
    setup(bot, options) {
      const baseDir = runtime.baseDir ?? process.cwd();
      const clock = runtime.clock ?? Date.now;
      const output = openOutput({
        destination: options.destination,
        pretty: options.pretty,
        level: options.level,
        pluginLogger: bot.logger,
        stream: runtime.stream,
        baseDir,
      });
      const archive = makeArchive(options.archive, baseDir);
      const level: Level = options.level;

      const write = (record: MessageRecord): void => {
        const { time, ...fields } = record;
        // pino has its own `time` (when logged): the message's time is `msgTime`.
        output.logger[level]({ ...fields, msgTime: time }, lineOf(record));
        archive?.append(record);
      };

      bot.events.on('message', (message: Message) => {
        if (SKIPPED.has(message.kind)) return;
        if (message.self && !options.outgoing) return;
        write(incomingRecord(message));
      });
      if (options.outgoing) {
        bot.events.on('sent', (event: SentEvent) => {
          write(
            outgoingRecord(
              event.message,
              event.receipt,
              targetOf(bot, event.message),
              new Date(clock()),
              selfOf(bot),
            ),
          );
        });
        bot.events.on('failed', (event: FailedEvent) => {
          write(
            failedRecord(
              event.message,
              event.error,
              targetOf(bot, event.message),
              new Date(clock()),
              selfOf(bot),
            ),
          );
        });
      }
      bot.onDispose(async () => {
        try {
          await archive?.flush();
        } finally {
          await output.flush();
        }
      });
    },
  });
}

function makeArchive(option: LoggerOptions['archive'], baseDir: string): ChatArchive | undefined {
  if (option === undefined) return undefined;
  const spec = option;
  const dir = isAbsolute(spec.dir) ? spec.dir : resolve(baseDir, spec.dir);
  return new ChatArchive({
    dir,
    ...(spec.maxFileBytes !== undefined ? { maxFileBytes: spec.maxFileBytes } : {}),
    ...(spec.retainDays !== undefined ? { retainDays: spec.retainDays } : {}),
    ...(spec.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: spec.utcOffsetMinutes } : {}),
  });
}

function selfOf(bot: PluginContext): { id: string; name: string } {
  const self = bot.self;
  return self ? { id: self.id, name: self.name } : { id: '', name: '' };
}

function targetOf(bot: PluginContext, message: OutgoingMessage): OutgoingTarget {
  const contact: Contact | undefined = bot.contacts.get(message.to);
  const isGroup = isGroupUserName(message.to);
  if (contact === undefined)
    return { id: message.to, name: message.to === 'filehelper' ? '文件传输助手' : '', isGroup };
  const group = isGroup ? bot.contacts.group(message.to) : undefined;
  return { id: contact.id, name: group?.topic || contact.name, isGroup };
}

/** `in  [Hikers] bob: hello` — the human line of a record. */
function lineOf(r: MessageRecord): string {
  const where = r.chatKind === 'group' ? `[${r.chat.name}] ` : '';
  const who = r.direction === 'in' ? r.sender.name : `→ ${r.chat.name}`;
  const failed = r.status === 'failed' ? ` (FAILED: ${r.error ?? ''})` : '';
  return `${r.direction === 'in' ? 'in ' : 'out'} ${where}${who}: ${r.text}${failed}`;
}

/** The logger plugin with default runtime (records to the bot's logger; relative paths from the working directory). */
export const logger = createLoggerPlugin();

export default logger;
