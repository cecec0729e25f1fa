// ── Common: what most bots and plugins use ─────────────────────────────────────────────

// ── Transports: the adapter seam and what each transport can do ───────────────────────
export type {
  Adapter,
  AdapterEvents,
  AdapterLoginOptions,
  ContactDirectory,
  DownloadOptions,
  DownloadResult,
  InboundBatch,
  InboundStats,
  LoginMethod,
  LogoutEvent,
  QrEvent,
  SyncStorm,
} from './adapter/adapter.js';
export type { Capabilities, MediaLimit } from './adapter/capabilities.js';
export {
  CapabilityError,
  type CapabilityErrorCode,
  type ConversationState,
  type ReplyWindowState,
  type ReplyWindows,
} from './adapter/capability-guard.js';
// ── Advanced: the layers underneath, for tools and unusual bots ────────────────────────
export { type ConnectTarget, fixedLookup, parseConnectTo } from './adapter/connect-to.js';
export { DirectMessageDirectory, plainContact } from './adapter/direct-directory.js';
export { renderQrToString } from './adapter/qr-terminal.js';
export type { SessionEnd, SessionEndKind } from './adapter/session-end.js';
// ── Web WeChat: the `web` transport (advanced: tools that talk to the protocol) ─────────
export { WebWxClient } from './adapters/web/client/client.js';
export type { LoginOptions, WebWxClientOptions } from './adapters/web/client/options.js';
export type { SyncBatch } from './adapters/web/client/types.js';
export { isGroupUserName, isSpecialUserName } from './adapters/web/contacts/classify.js';
export { type ContactSnapshot, ContactStore } from './adapters/web/contacts/store.js';
export type { NormalizeOptions } from './adapters/web/message/normalize.js';
export type { LoginMode } from './adapters/web/protocol/context.js';
export { AppMsgType, MsgType, type WireContact, type WireMessage } from './adapters/web/protocol/wire.js';
export type { SessionData } from './adapters/web/session/session-data.js';
export { loadSession, saveSession } from './adapters/web/session/session-file.js';
export { type SessionStatus, statusOf } from './adapters/web/session/status.js';
export {
  classifySessionEnd,
  DEFAULT_KICK_WINDOW_MS,
  type SessionEndInput,
} from './adapters/web/sync/logout-reason.js';
export {
  DEFAULT_REQUEST_CEILING,
  RequestCeiling,
  type RequestCeilingOptions,
} from './adapters/web/sync/request-ceiling.js';
export {
  EnvProxyAgent,
  networkRouteFor,
  proxyConfigured,
  proxyLabelFor,
} from './adapters/web/transport/proxy.js';
export { WEB_CAPABILITIES, WebAdapter, type WebAdapterOptions } from './adapters/web/web-adapter.js';
export { Bot } from './bot.js';
export type { RoomJoinEvent, RoomLeaveEvent, RoomTopicEvent, WxBotEvents } from './bot-events.js';
export { type AdapterBotOptions, defaultJournalPath, type RuntimeOptions } from './bot-options.js';
export { TYPING_HOLD_MAX_MS } from './bot-typing.js';
// ── Reliability and monitoring ─────────────────────────────────────────────────────────
export { type Clock, systemClock } from './clock/clock.js';
export type { Contact, ContactKind, ContactLookup, Group, GroupMember } from './contacts/types.js';
export {
  type BotOptions,
  createBot,
  isTransportName,
  TRANSPORTS,
  type TransportName,
} from './create-bot.js';
export { formatDuration, parseDuration } from './duration.js';
export {
  BotError,
  ConfigError,
  LoginError,
  LoginRefusedError,
  type NetworkRoute,
  WxApiError,
  WxError,
  type WxErrorCode,
  WxNetworkError,
} from './errors.js';
export {
  type BotStats,
  type HealthServer,
  type HealthServerOptions,
  type StatsSource,
  startHealthServer,
  unhealthyReason,
} from './health/index.js';
export { HandledLog } from './ledger/handled-log.js';
export { InboundLedger, type InboundLedgerJSON } from './ledger/inbound-ledger.js';
export { LOG_LAYERS, type LogLayer, layerLogger, REDACT_PATHS, redactingLogger } from './logging/logger.js';
export { SAFE_LOG_FORMATTERS, SECRET_KEYS, safeLogObject, scrubSecrets } from './logging/secrets.js';
export type { MediaInput, MediaKind, OutgoingMessage, SendReceipt } from './message/outgoing.js';
export * from './message/types.js';
export {
  type FailedEvent,
  FileJournal,
  type HeldEvent,
  type JournalEntry,
  type JournalState,
  Outbox,
  type OutboxEvents,
  type OutboxJournal,
  type OutboxOptions,
  type PacingOptions,
  type SentEvent,
  type Transmitter,
  type TurnHoldOptions,
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
  type DisposableLike,
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
  type PluginState,
  type PluginStatus,
  type ReplyContent,
  type ReplyOptions,
  validatePluginOptions,
} from './pipeline/index.js';
export { SAFE_PACING, unsafePacing } from './safety/pacing-safety.js';
export type { ReplyLoopOptions, ReplyLoopStatus } from './safety/reply-loop-guard.js';
export { DEFAULT_DAILY_SEND_BUDGET } from './safety/send-budget.js';
export {
  readSafetyState,
  type SafetyState,
  safetyStatePath,
  updateSafetyState,
} from './storage/safety-state.js';
export {
  lockSession,
  type SessionLock,
  SessionLockedError,
  type SessionLockOptions,
} from './storage/session-lock.js';
export {
  assertWritableDir,
  StorageError,
  type StorageFault,
  StorageFaults,
  type StorageKind,
} from './storage/storage-faults.js';
