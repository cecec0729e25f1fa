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
import type { DestinationStream, Level, Logger } from 'pino';
import { ChatArchive } from './archive.js';
import { MediaSaver } from './media-saver.js';
import { type LoggerOptions, loggerOptionsSchema } from './options.js';
import { openOutput } from './output.js';
import {
  failedRecord,
  incomingRecord,
  type MessageRecord,
  type OutgoingTarget,
  outgoingRecord,
} from './record.js';
import { summarize } from './summary.js';

/** Things the logger needs that are not in the config file. */
export interface LoggerRuntime {
  /** Write records to this stream instead of `destination` (tests capture records in memory). */
  readonly stream?: DestinationStream;
  /** Directory that relative `destination` files and `archive.dir` resolve against (default: cwd). The CLI passes the config directory. */
  readonly baseDir?: string;
  /** Current time in ms, for the time of outgoing records (default: the bot's clock, `bot.now()`). */
  readonly clock?: () => number;
}

// System lines and client notices say nothing a person wrote; recalls and friend requests do.
const SKIPPED: ReadonlySet<string> = new Set(['statusNotify']);

/**
 * Makes the logger plugin: every incoming and outgoing message becomes ONE structured pino record
 * (and, with `archive`, one JSON line in a per-day file). With `saveMedia`, incoming media is
 * downloaded in the background beside the archive, and its archive line (written once the media
 * is saved, so it may follow later lines: `time` orders them) names the file in `media`.
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
      const clock = runtime.clock ?? (() => bot.now());
      const output = openOutput({
        destination: options.destination,
        pretty: options.pretty,
        level: options.level,
        pluginLogger: bot.logger,
        stream: runtime.stream,
        baseDir,
      });
      const archive = makeArchive(options.archive, baseDir);
      const media =
        archive && options.archive
          ? makeMediaSaver(options.saveMedia, archive, archiveDir(options.archive, baseDir), bot)
          : undefined;
      const level: Level = options.level;

      const log = output.logger;
      const logRecord = (record: MessageRecord): void => {
        if (log.isLevelEnabled(level)) log[level](logFields(record), lineOf(record));
      };
      const write = (record: MessageRecord): void => {
        logRecord(record);
        archive?.append(record);
      };

      bot.events.on('message', (message: Message) => {
        if (SKIPPED.has(message.kind)) return;
        if (message.self && !options.outgoing) return;
        if (archive === undefined) {
          // The hot path (no archive): one flat field object straight from the message, no record.
          if (log.isLevelEnabled(level)) logIncoming(log, level, message);
          return;
        }
        const record = incomingRecord(message);
        if (media === undefined || !media.wants(message)) {
          write(record);
          return;
        }
        // Logged now; archived once the media is on disk (or given up), with its path.
        logRecord(record);
        media.save(message, (path) => archive?.append(path === undefined ? record : withMedia(record, path)));
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
          await media?.close();
          await archive?.flush();
        } finally {
          await output.flush();
        }
      });
    },
  });
}

function archiveDir(option: NonNullable<LoggerOptions['archive']>, baseDir: string): string {
  return isAbsolute(option.dir) ? option.dir : resolve(baseDir, option.dir);
}

function makeArchive(option: LoggerOptions['archive'], baseDir: string): ChatArchive | undefined {
  if (option === undefined) return undefined;
  const spec = option;
  const dir = archiveDir(spec, baseDir);
  return new ChatArchive({
    dir,
    ...(spec.maxFileBytes !== undefined ? { maxFileBytes: spec.maxFileBytes } : {}),
    ...(spec.retainDays !== undefined ? { retainDays: spec.retainDays } : {}),
    ...(spec.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: spec.utcOffsetMinutes } : {}),
  });
}

function makeMediaSaver(
  option: LoggerOptions['saveMedia'],
  archive: ChatArchive,
  dir: string,
  bot: PluginContext,
): MediaSaver | undefined {
  if (option === undefined || option === false) return undefined;
  const limits = option === true ? {} : option;
  return new MediaSaver({
    dir,
    dayOf: (at) => archive.dayOf(at),
    concurrency: limits.concurrency ?? 2,
    maxQueued: limits.maxQueued ?? 100,
    download: (message, o) => bot.download(message, o),
    logger: bot.logger,
  });
}

/** The archive line of a message whose media was saved: the record plus the file, relative to the archive. */
function withMedia(record: MessageRecord, path: string): MessageRecord & { readonly media: string } {
  return { ...record, media: path };
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

// Messages of one sync batch share their second: convert each second to ISO once.
let lastSecondMs = Number.NaN;
let lastIso = '';
function isoOf(timeMs: number): string {
  if (timeMs !== lastSecondMs) {
    lastSecondMs = timeMs;
    lastIso = new Date(timeMs).toISOString();
  }
  return lastIso;
}

// The same fields and line as logFields(incomingRecord(m)) / lineOf(…), built in one go.
function logIncoming(log: Logger, level: Level, m: Message): void {
  const out = m.self;
  const group = m.isGroup;
  const chatName = m.chat.name;
  const senderName = m.sender.name;
  const text = summarize(m);
  log[level](
    {
      direction: out ? 'out' : 'in',
      chat: { id: m.chat.id, name: chatName },
      chatKind: group ? 'group' : 'private',
      sender: { id: m.sender.id, name: senderName },
      kind: m.kind,
      text,
      msgId: m.id,
      msgTime: isoOf(m.time),
    },
    `${out ? 'out' : 'in '} ${group ? `[${chatName}] ` : ''}${out ? `→ ${chatName}` : senderName}: ${text}`,
  );
}

// pino has its own `time` (when logged): the message's time is `msgTime`. One literal, no spread.
function logFields(r: MessageRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    direction: r.direction,
    chat: r.chat,
    chatKind: r.chatKind,
    sender: r.sender,
    kind: r.kind,
    text: r.text,
    msgId: r.msgId,
  };
  if (r.clientMsgId !== undefined) fields.clientMsgId = r.clientMsgId;
  if (r.status !== undefined) fields.status = r.status;
  if (r.error !== undefined) fields.error = r.error;
  fields.msgTime = r.time;
  return fields;
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
