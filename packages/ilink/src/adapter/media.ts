import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type MediaInput, WxError } from '@wxbot/core';

/** Reads a media input (path or bytes) with its file name; an empty file is refused (`MEDIA_EMPTY`). */
export async function mediaOf(input: MediaInput): Promise<{ data: Buffer; name: string }> {
  const media =
    'data' in input
      ? { data: Buffer.from(input.data), name: input.name }
      : { data: await readFile(input.path), name: input.name ?? basename(input.path) };
  if (media.data.length === 0)
    throw new WxError('MEDIA_EMPTY', `Cannot send "${media.name}": the file is empty (0 bytes).`);
  return media;
}

const BY_EXT: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.zip': 'application/zip',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The content type of downloaded bytes: sniffed for common images and MP4, else by file name. */
export function contentTypeOf(data: Buffer, fileName: string | undefined): string {
  if (data.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (data.subarray(4, 8).toString('latin1') === 'ftyp') return 'video/mp4';
  if (data.subarray(0, 10).toString('latin1').includes('#!SILK')) return 'audio/silk';
  return (fileName && BY_EXT[extname(fileName).toLowerCase()]) || 'application/octet-stream';
}
