import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { OutboxJournal } from './journal.js';

/** One queued message of the outbox, from `send()` to its outcome. */
export interface Entry {
  readonly message: OutgoingMessage;
  readonly clientMsgId: string;
  readonly queuedAt: number;
  notBefore: number;
  attempts: number;
  journaled: boolean;
  /** The intent write started at `send()` (undefined without a journal or when resumed). */
  durable: Promise<void> | undefined;
  /** When the client was first found logged out for this message (offline wait). */
  offlineSince: number | undefined;
  /** Called when the attempt in flight finished (see `Outbox.attemptDone`). */
  attemptWaiters: Array<() => void> | undefined;
  readonly promise: Promise<SendReceipt>;
  readonly resolve: (receipt: SendReceipt) => void;
  readonly reject: (error: Error) => void;
}

/** What {@link createEntry} needs. */
export interface EntrySpec {
  readonly message: OutgoingMessage;
  readonly clientMsgId: string;
  readonly queuedAt: number;
  readonly notBefore: number;
  /** Write the intent to this journal now (a resumed entry is already in it). */
  readonly journal: OutboxJournal | undefined;
  /** The outbox has a journal at all (a resumed entry counts as journaled). */
  readonly hasJournal: boolean;
  /** Called once the entry settled either way (the outbox forgets its id). */
  readonly onSettled: (clientMsgId: string) => void;
}

/**
 * Make a queue entry and, with a journal, start writing its intent at once (not at the first
 * attempt): a reply waiting for its pacing slot survives a crash. `track` receives the write
 * (rejecting only when the journal gave up) so the outbox can tell when everything queued is durable.
 */
export function createEntry(spec: EntrySpec, track: (write: Promise<void>) => void): Entry {
  let resolve!: (receipt: SendReceipt) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<SendReceipt>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const { clientMsgId, message, queuedAt } = spec;
  const entry: Entry = {
    message,
    clientMsgId,
    queuedAt,
    notBefore: spec.notBefore,
    attempts: 0,
    journaled: !spec.hasJournal || spec.journal === undefined,
    durable: undefined,
    offlineSince: undefined,
    attemptWaiters: undefined,
    promise,
    resolve: (receipt) => {
      spec.onSettled(clientMsgId);
      resolve(receipt);
    },
    reject: (error) => {
      spec.onSettled(clientMsgId);
      reject(error);
    },
  };
  const sink = spec.journal;
  if (sink) {
    const write = (async () => {
      await sink.append({ clientMsgId, message, queuedAt });
      entry.journaled = true;
    })();
    // Rejects only when the journal gave up (closed while the disk failed); awaited by attempt().
    write.catch(() => undefined);
    track(write);
    entry.durable = write;
  }
  return entry;
}
