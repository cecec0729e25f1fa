/**
 * `@wxbot/ilink`: a client for WeChat's official iLink bot API (ClawBot).
 *
 * @example
 * import { IlinkClient } from '@wxbot/ilink';
 * const client = new IlinkClient();
 * const login = await client.login({ onEvent: (e) => e.type === 'qr' && showQr(e.content), verifyCode: askTheUser });
 */

// Adapter: iLink behind the runtime's transport seam (`@wxbot/core` Adapter).
export { ILINK_CAPABILITIES } from './adapter/capabilities.js';
export { createIlinkBot, type IlinkBotOptions } from './adapter/create-bot.js';
export { IlinkDirectory } from './adapter/directory.js';
export { IlinkAdapter } from './adapter/ilink-adapter.js';
export type { IlinkAdapterOptions } from './adapter/options.js';
export {
  emptySession,
  fileSessionStore,
  type HandledIdStore,
  type IlinkSessionData,
  loadIlinkSession,
  type SessionDocumentStore,
  type StoredSession,
} from './adapter/session-store.js';
export { type NameOf, toMessage } from './adapter/to-message.js';
// Common: the client, login, messages, errors.
export {
  IlinkClient,
  type IlinkClientOptions,
  type OutboundMedia,
  type SendOptions,
  type SendReceipt,
} from './client.js';
export {
  IlinkApiError,
  IlinkConfigError,
  IlinkError,
  IlinkLoginError,
  IlinkMediaError,
  IlinkNetworkError,
  IlinkReplyBlockedError,
} from './errors.js';
export {
  type IlinkCredentials,
  type QrLoginEvent,
  type QrLoginOptions,
  type QrLoginResult,
  qrLogin,
} from './login/qr-login.js';
// Advanced: the layers below the client.
export {
  decryptMedia,
  encodeMediaKeyForSend,
  encryptMedia,
  md5Hex,
  newMediaKey,
  paddedSize,
  parseMediaKey,
} from './media/aes.js';
export { CdnClient, type CdnClientOptions, DEFAULT_CDN_BASE_URL } from './media/cdn.js';
export { downloadMedia, type MediaRef } from './media/download.js';
export {
  mediaItem,
  mediaKindForMime,
  type OutboundMediaKind,
  type UploadedMedia,
  type UploadMediaOptions,
  uploadMedia,
} from './media/upload.js';
export {
  type ConversationRules,
  type ConversationState,
  ConversationTracker,
  DEFAULT_RULES,
  type ReplyBlock,
  type ReplyVerdict,
} from './messages/conversations.js';
export {
  type NormalizeOptions,
  normalizeContentItem,
  normalizeItem,
  normalizeMessage,
} from './messages/normalize.js';
export {
  newClientId,
  outboundMessage,
  type SplitTextOptions,
  splitText,
  textItem,
} from './messages/outbound.js';
export { RecentMessages } from './messages/recent-store.js';
export type {
  IlinkContentItem,
  IlinkFileItem,
  IlinkImageItem,
  IlinkItem,
  IlinkMessage,
  IlinkQuoteItem,
  IlinkTextItem,
  IlinkUnknownItem,
  IlinkVideoItem,
  IlinkVoiceItem,
  PartialQuote,
  QuotedMessage,
} from './messages/types.js';
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './poll/backoff.js';
export { type PollEnd, type UpdateBatch, UpdatePoller, type UpdatePollerOptions } from './poll/poller.js';
export {
  type CallOptions,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUTS,
  IlinkApi,
  type IlinkApiOptions,
  type IlinkTimeouts,
} from './protocol/api.js';
export * from './protocol/types.js';
export { TypingIndicator, type TypingOptions } from './session/typing.js';
export {
  type ClientIdentity,
  clientVersionNumber,
  DEFAULT_IDENTITY,
  randomWechatUin,
} from './transport/headers.js';
export { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './transport/http.js';
export { parseIlinkJson, quoteIdNumbers } from './transport/json.js';
