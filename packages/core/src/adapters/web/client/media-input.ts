import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../../../errors.js';
import { detectMime } from '../protocol/mime.js';
import type { MediaInput } from './types.js';

/** A media input read into memory with its name and MIME type settled. */
export interface LoadedMedia {
  readonly data: Buffer;
  readonly name: string;
  readonly mime: string;
}

/** Reads a {@link MediaInput} (path or bytes) and detects its MIME type when not given. */
export async function loadMedia(input: MediaInput): Promise<LoadedMedia> {
  if ('path' in input) {
    let data: Buffer;
    try {
      data = await readFile(input.path);
    } catch (cause) {
      throw new ConfigError('media.path', `Cannot read the file to send: ${input.path}`, { cause });
    }
    const name = input.name ?? basename(input.path);
    return { data, name, mime: input.mime ?? detectMime(name, data) };
  }
  const data = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  return { data, name: input.name, mime: input.mime ?? detectMime(input.name, data) };
}
