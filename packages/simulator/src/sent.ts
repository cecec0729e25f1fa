import type { ContactHandle } from './world.js';

/** What kind of message the bot sent. */
export type SentKind = 'text' | 'card' | 'location' | 'image' | 'video' | 'file' | 'app' | 'emoticon';

/**
 * One message the bot sent, as the phone (and the peer) saw it. Read them with `sim.phone.sent` or
 * `sim.phone.waitForSent(…)`.
 */
export interface SentMessage {
  kind: SentKind;
  /** Wire `Msg.Type` (1, 3, 6, 42, 43, 47, 48, 49…). */
  msgType: number;
  /** The target, as a stable handle. */
  to: ContactHandle;
  /** The target's UserName at send time. */
  toUserName: string;
  /** Text for `text`; the XML for card/location/app/file; `''` for media. */
  text: string;
  /** Mentioned contacts (from `MsgSource` `<atusername>`). */
  mentions: ContactHandle[];
  /** Mentioned UserNames as sent. */
  mentionUserNames: string[];
  /** Uploaded bytes for image/video/file/emoticon sent by MediaId. */
  media?: { bytes: Uint8Array; fileName: string; mediaId: string };
  /** `EMoticonMd5` for stickers sent by md5. */
  emoticonMd5?: string;
  /** `AppMsgType` for app messages/files (6 = file). */
  appMsgType?: number;
  /** Title of an app message/file. */
  title?: string;
  clientMsgId: string;
  /** Server `MsgID` returned by the send call (also the echo's `MsgId`). */
  msgId: string;
  /** `now()` at send time, ms. */
  timeMs: number;
  /** True once revoked with `webwxrevokemsg`. */
  revoked: boolean;
  /** The `Msg` object the bot posted. */
  raw: Record<string, unknown>;
}
