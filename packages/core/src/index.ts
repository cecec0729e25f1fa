// ── Common: what most bots and plugins use ─────────────────────────────────────────────
// ── Reliability and monitoring ─────────────────────────────────────────────────────────
export { Bot, type BotOptions, createBot, defaultJournalPath } from './bot.js';
export type { RoomJoinEvent, RoomLeaveEvent, RoomTopicEvent, WxBotEvents } from './bot-events.js';
// ── Advanced: the layers underneath, for tools and unusual bots ────────────────────────
export { type DownloadResult, WebWxClient } from './client/client.js';
export type { DownloadOptions } from './client/download-target.js';
export {
  LOG_LAYERS,
  type LogLayer,
  layerLogger,
  REDACT_PATHS,
  redactingLogger,
  SECRET_KEYS,
} from './client/logger.js';
export type { LoginOptions, WebWxClientOptions } from './client/options.js';
export { renderQrToString } from './client/qr-terminal.js';
export type {
  LoginMethod,
  LogoutEvent,
  MediaInput,
  OutgoingMessage,
  QrEvent,
  SendReceipt,
  SyncBatch,
} from './client/types.js';
export {
  classifyContact,
  isGroupUserName,
  isSpecialUserName,
  SPECIAL_ACCOUNTS,
} from './contacts/classify.js';
export { isWxid, stableId } from './contacts/stable-id.js';
export { type ContactSnapshot, ContactStore } from './contacts/store.js';
export type { Contact, ContactKind, ContactLookup, Group, GroupMember } from './contacts/types.js';
export {
  BotError,
  ConfigError,
  LoginError,
  LoginRefusedError,
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
export { type NormalizeOptions, normalize } from './message/normalize.js';
export { cleanText, decodeEmoji } from './message/text.js';
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
export { handledBy, markHandled } from './pipeline/handled.js';
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
export type { LoginMode } from './protocol/context.js';
export { type Hosts, hostsFor } from './protocol/hosts.js';
export * from './protocol/wire.js';
export { SAFE_PACING, unsafePacing } from './safety/pacing-safety.js';
export type { ReplyLoopOptions, ReplyLoopStatus } from './safety/reply-loop-guard.js';
export {
  readSafetyState,
  type SafetyState,
  safetyStatePath,
  updateSafetyState,
} from './safety/safety-state.js';
export { DEFAULT_DAILY_SEND_BUDGET } from './safety/send-budget.js';
export { HandledLog } from './session/handled-log.js';
export { InboundLedger, type InboundLedgerJSON } from './session/inbound-ledger.js';
export type { SessionData } from './session/session-data.js';
export { loadSession, removeStaleTempFiles, saveSession } from './session/session-file.js';
export { lockSession, type SessionLock, SessionLockedError } from './session/session-lock.js';
export {
  assertWritableDir,
  StorageError,
  type StorageFault,
  StorageFaults,
  type StorageKind,
} from './session/storage-faults.js';
export {
  classifySessionEnd,
  DEFAULT_KICK_WINDOW_MS,
  type SessionEnd,
  type SessionEndInput,
  type SessionEndKind,
} from './sync/logout-reason.js';
export {
  DEFAULT_REQUEST_CEILING,
  RequestCeiling,
  type RequestCeilingOptions,
} from './sync/request-ceiling.js';
export type { SyncStorm } from './sync/storm-watch.js';
