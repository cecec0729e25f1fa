import type { DownloadResult } from '../../../adapter/adapter.js';
import type { ApiContext } from '../protocol/context.js';
import { downloadToBuffer, downloadToFile } from '../protocol/download-api.js';
import type { WireMessage } from '../protocol/wire.js';
import { type DownloadOptions, downloadTargetOf } from './download-target.js';

export type { DownloadResult } from '../../../adapter/adapter.js';

/**
 * Downloads the media of a message to memory, or to `options.file`.
 *
 * @throws WxError `NOT_DOWNLOADABLE` for a message without media.
 */
export async function downloadMedia(
  ctx: ApiContext,
  raw: WireMessage,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const target = downloadTargetOf(raw, options);
  if (options.file) {
    const r = await downloadToFile(ctx, target, options.file);
    return { file: r.file, size: r.size, contentType: r.contentType };
  }
  const r = await downloadToBuffer(ctx, target);
  return { data: r.data, size: r.data.length, contentType: r.contentType };
}
