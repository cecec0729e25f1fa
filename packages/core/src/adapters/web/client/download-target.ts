import type { DownloadOptions } from '../../../adapter/adapter.js';
import { WxError } from '../../../errors.js';

export type { DownloadOptions } from '../../../adapter/adapter.js';

import type { DownloadTarget } from '../protocol/download-api.js';
import { AppMsgType, MsgType, type WireMessage } from '../protocol/wire.js';

/**
 * Which download endpoint serves the media of a message (protocol.md §9).
 *
 * @throws WxError `NOT_DOWNLOADABLE` for messages without media.
 */
export function downloadTargetOf(raw: WireMessage, options: DownloadOptions = {}): DownloadTarget {
  const msgId = raw.MsgId;
  switch (raw.MsgType) {
    case MsgType.IMAGE:
      return options.thumbnail ? { kind: 'image', msgId, size: 'slave' } : { kind: 'image', msgId };
    case MsgType.EMOTICON:
      return { kind: 'image', msgId, size: 'big' };
    case MsgType.VOICE:
      return { kind: 'voice', msgId };
    case MsgType.VIDEO:
    case MsgType.MICRO_VIDEO:
      return options.thumbnail ? { kind: 'image', msgId, size: 'slave' } : { kind: 'video', msgId };
    case MsgType.APP:
      if (raw.AppMsgType === AppMsgType.ATTACH) {
        return {
          kind: 'file',
          sender: raw.FromUserName,
          mediaId: raw.MediaId,
          fileName: raw.FileName,
          encryFileName: raw.EncryFileName,
        };
      }
      if (raw.AppMsgType === AppMsgType.IMAGE || raw.AppMsgType === AppMsgType.EMOJI || raw.ImgStatus === 2) {
        return options.thumbnail ? { kind: 'image', msgId, size: 'slave' } : { kind: 'image', msgId };
      }
      break;
  }
  throw new WxError(
    'NOT_DOWNLOADABLE',
    `Message ${msgId} (MsgType ${raw.MsgType}) has no media to download.`,
  );
}
