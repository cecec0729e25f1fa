// ── Common: what most bots and plugins use ─────────────────────────────────────────────
// ── Reliability and monitoring ─────────────────────────────────────────────────────────
export { Bot, type BotOptions, createBot, defaultJournalPath } from './bot.js';
export type { RoomJoinEvent, RoomLeaveEvent, RoomTopicEvent, WxBotEvents } from './bot-events.js';
// ── Advanced: the layers underneath, for tools and unusual bots ────────────────────────
export { type DownloadResult, WebWxClient } from './adapters/web/client/client.js';
export type { DownloadOptions } from './adapters/web/client/download-target.js';
export { layerLogger, REDACT_PATHS, SECRET_KEYS } from './logging/logger.js';
export type { LoginOptions, WebWxClientOptions } from './adapters/web/client/options.js';
export { renderQrToString } from './adapter/qr-terminal.js';
export type {
  LoginMethod,
  LogoutEvent,
  MediaInput,
  OutgoingMessage,
  QrEvent,
  SendReceipt,
  SyncBatch,
} from './adapters/web/client/types.js';
export {
  classifyContact,
  isGroupUserName,
  isSpecialUserName,
  SPECIAL_ACCOUNTS,
} from './adapters/web/contacts/classify.js';
export { isWxid, stableId } from './adapters/web/contacts/stable-id.js';
export { type ContactSnapshot, ContactStore } from './adapters/web/contacts/store.js';
export type { Contact, ContactKind, ContactLookup, Group, GroupMember } from './contacts/types.js';
export {
  BotError,
  ConfigError,
  LoginError,
  WxApiError,
  WxError,
  WxNetworkError,
} from './errors.js';
export {
  type BotStats,
  type HealthServer,
  type HealthServerOptions,
  type SessionStatus,
  type StatsSource,
  startHealthServer,
  statusOf,
  unhealthyReason,
} from './health/index.js';
export { MessageDedupe } from './message/dedupe.js';
export { type NormalizeOptions, normalize } from './adapters/web/message/normalize.js';
export { cleanText, decodeEmoji } from './adapters/web/message/text.js';
export * from './message/types.js';
export {
  type Clock,
  derivedClientMsgId,
  type FailedEvent,
  FileJournal,
  type JournalEntry,
  type JournalState,
  Outbox,
  type OutboxEvents,
  type OutboxJournal,
  type OutboxOptions,
  type PacingOptions,
  RecipientMap,
  ReplyScope,
  type SentEvent,
  systemClock,
  type Transmitter,
} from './outbox/index.js';
export {
  type BotApi,
  type BotErrorHandler,
  type BotEvents,
  type CommandContext,
  type CommandMatch,
  Composer,
  Context,
  type ContextGuard,
  Dispatcher,
  definePlugin,
  type HearsContext,
  isGroup,
  isKind,
  isMentioned,
  isPrivate,
  isSelf,
  isText,
  type KindContext,
  type Middleware,
  type MiddlewareFn,
  type NextFunction,
  type Plugin,
  type PluginContext,
  PluginHost,
  type ReplyContent,
  type ReplyOptions,
  validatePluginOptions,
} from './pipeline/index.js';
export type { LoginMode } from './adapters/web/protocol/context.js';
export { type Hosts, hostsFor } from './adapters/web/protocol/hosts.js';
export * from './adapters/web/protocol/wire.js';
export { HandledLog } from './ledger/handled-log.js';
export { InboundLedger, type InboundLedgerJSON } from './ledger/inbound-ledger.js';
export type { SessionData } from './adapters/web/session/session-data.js';
export { loadSession, removeStaleTempFiles, saveSession } from './adapters/web/session/session-file.js';
