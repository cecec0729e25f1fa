import { mkdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Message, PluginContext } from '@wxbot/core';
import type { Logger } from 'pino';
import { scrubSecrets } from './secrets.js';

/** Message kinds whose media is saved. */
const MEDIA_KINDS: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'file', 'emoticon']);

/** Extension by content type (parameters such as `; charset` ignored). */
const EXT_BY_TYPE: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/amr': 'amr',
  'audio/silk': 'silk',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'text/plain': 'txt',
};

/** When the server says nothing useful: what each kind usually is. */
const EXT_BY_KIND: Readonly<Record<string, string>> = {
  image: 'jpg',
  voice: 'mp3',
  video: 'mp4',
  emoticon: 'gif',
  file: 'bin',
};

const SAFE_EXT = /^[a-z0-9]{1,10}$/;
// Message ids come from the server: only a plain id may become a file name.
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The extension of a saved media file: the file's own name for files, else the content type, else the kind's usual one. */
export function mediaExtension(message: Message, contentType: string): string {
  if (message.kind === 'file') {
    const own = (message.ext || extname(message.name).slice(1)).toLowerCase();
    if (SAFE_EXT.test(own)) return own;
  }
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXT_BY_TYPE[type] ?? EXT_BY_KIND[message.kind] ?? 'bin';
}

/** Options of {@link MediaSaver}. */
export interface MediaSaverOptions {
  /** The archive directory; media goes to `<dir>/media/<day>/`. */
  readonly dir: string;
  /** The day folder (`YYYY-MM-DD`) of a message time, as the archive cuts days. */
  readonly dayOf: (at: Date) => string;
  /** Downloads at once. */
  readonly concurrency: number;
  /** Downloads waiting; past that, media is skipped with a warning. */
  readonly maxQueued: number;
  readonly download: PluginContext['download'];
  readonly logger: Logger;
}

interface Job {
  readonly message: Message;
  readonly done: (relativePath: string | undefined) => void;
}

/**
 * Saves incoming media beside the chat archive, in the background: a bounded queue, a few
 * downloads at once, never blocking message handling. Each job reports the saved file's path
 * relative to the archive directory (posix separators), or undefined when it was not saved
 * (skipped, failed: logged as a warning).
 *
 * @example
 * const saver = new MediaSaver({ dir, dayOf, concurrency: 2, maxQueued: 100, download: bot.download, logger });
 * if (saver.wants(message)) saver.save(message, (path) => archive.append({ ...record, media: path }));
 */
export class MediaSaver {
  readonly #queue: Job[] = [];
  readonly #active = new Set<Promise<void>>();
  #closed = false;

  constructor(private readonly options: MediaSaverOptions) {}

  /** True for an incoming message with media this saver downloads. */
  wants(message: Message): boolean {
    return !message.self && MEDIA_KINDS.has(message.kind);
  }

  /** Queues the media of `message`; `done` gets the saved path, or undefined. Returns at once. */
  save(message: Message, done: (relativePath: string | undefined) => void): void {
    if (this.#closed || !SAFE_ID.test(message.id)) {
      done(undefined);
      return;
    }
    if (this.#queue.length >= this.options.maxQueued && this.#active.size >= this.options.concurrency) {
      this.options.logger.warn(
        { msgId: message.id, kind: message.kind, queued: this.#queue.length },
        'media queue full: this media is not saved',
      );
      done(undefined);
      return;
    }
    this.#queue.push({ message, done });
    this.#pump();
  }

  /** Drops the downloads not started (their `done` gets undefined) and waits for the running ones. */
  async close(): Promise<void> {
    this.#closed = true;
    const dropped = this.#queue.splice(0);
    if (dropped.length > 0)
      this.options.logger.warn({ count: dropped.length }, 'stopping: media not downloaded yet is not saved');
    for (const job of dropped) job.done(undefined);
    await Promise.all([...this.#active]);
  }

  #pump(): void {
    while (this.#active.size < this.options.concurrency) {
      const job = this.#queue.shift();
      if (!job) return;
      const run = this.#run(job).finally(() => {
        this.#active.delete(run);
        this.#pump();
      });
      this.#active.add(run);
    }
  }

  async #run(job: Job): Promise<void> {
    const { message } = job;
    const day = this.options.dayOf(new Date(message.time));
    const folder = join(this.options.dir, 'media', day);
    const part = join(folder, `${message.id}.part`);
    let saved: string | undefined;
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const result = await this.options.download(message, { file: part });
      const name = `${message.id}.${mediaExtension(message, result.contentType)}`;
      await rename(part, join(folder, name));
      saved = `media/${day}/${name}`;
    } catch (error) {
      await rm(part, { force: true }).catch(() => undefined);
      this.options.logger.warn(
        {
          msgId: message.id,
          kind: message.kind,
          err: scrubSecrets(error instanceof Error ? error.message : String(error)),
        },
        'could not save the media of a message',
      );
    }
    job.done(saved);
  }
}
