export { type Clock, sleep, systemClock, type TimerHandle } from '../clock/clock.js';
export { FileJournal, type FileJournalRecord, type JournalState } from '../storage/file-journal.js';
export { createClientMsgIdGenerator } from './client-msg-id.js';
export type { JournalEntry, JournalOutcome, OutboxJournal } from './journal.js';
export { type AttemptInfo, Outbox, type SendTransformer } from './outbox.js';
export { TokenBucket } from './rate-limit.js';
export { derivedClientMsgId, ReplyScope } from './reply-scope.js';
export type { TurnHoldOptions } from './turn-hold.js';
export type {
  FailedEvent,
  HeldEvent,
  OutboxEvents,
  OutboxOptions,
  PacingOptions,
  ReplyTarget,
  RetryOptions,
  SendOptions,
  SentEvent,
  Transmitter,
} from './types.js';
