/** Wire format of the simulated Web WeChat server: records, encoders and ids, exactly as the real server writes them. */

export {
  buildContactRecord,
  buildDelContactRecord,
  buildMemberRecord,
  buildModContactRecord,
  buildProfile,
  buildUserRecord,
  type ContactRecordInput,
  headImgUrl,
  keyWordOf,
  type MemberRecordInput,
  type ModContactRecordInput,
  memberRecordJson,
  type ProfileChange,
  type UserRecordInput,
} from './contact.js';
export {
  breakLines,
  cdata,
  type EscapeOptions,
  emojiToSpans,
  escapeContent,
  escapeHtml,
  escapeXmlPayload,
  mentionText,
  xmlText,
} from './escape.js';
export {
  type MsgIdPair,
  newMsgId,
  newMsgIds,
  newSkey,
  newUserName,
  newWxid,
  randomDigits,
  randomHex,
  type UserNameKind,
} from './ids.js';
export { RawJson, toWireJson } from './json.js';
export { encryFileName } from './message/app.js';
export { emptyRecommendInfo, UNSUPPORTED_PLACEHOLDER } from './message/base.js';
export { buildMessage } from './message/build-message.js';
export type * from './spec.js';
export { buildSyncResponse, type SyncResponseParts } from './sync.js';
export type * from './types.js';
