/** Upload `mediatype` field values (§7.3). */
export type UploadMediaType = 'pic' | 'video' | 'doc';

const BY_EXT: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
  zip: 'application/zip',
  txt: 'text/plain',
  json: 'application/json',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

function startsWith(data: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (data.length < offset + bytes.length) return false;
  return bytes.every((b, i) => data[offset + i] === b);
}

/** MIME type from the first bytes, when they are a well-known signature. */
export function mimeFromMagic(data: Uint8Array): string | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(data, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(data, [0x42, 0x4d])) return 'image/bmp';
  if (startsWith(data, [0x66, 0x74, 0x79, 0x70], 4)) return 'video/mp4';
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46])) return 'application/pdf';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  return undefined;
}

/** MIME type from a file name's extension. */
export function mimeFromName(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? BY_EXT[name.slice(dot + 1).toLowerCase()] : undefined;
}

/**
 * The MIME type of a file: magic bytes first (they do not lie), then the extension,
 * else `application/octet-stream`.
 *
 * @example
 * detectMime('a.bin', jpegBytes) // 'image/jpeg'
 */
export function detectMime(name: string, data: Uint8Array): string {
  return mimeFromMagic(data) ?? mimeFromName(name) ?? 'application/octet-stream';
}

/** The upload `mediatype`: pic for bmp/png/jpeg, video for mp4, doc for the rest (gif included). */
export function uploadMediaType(mime: string): UploadMediaType {
  if (mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/bmp') return 'pic';
  if (mime === 'video/mp4') return 'video';
  return 'doc';
}
