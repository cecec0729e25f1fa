import type { OutgoingMessage } from '@wxbot/core';
import { EventEmitter } from 'eventemitter3';

/** A person of the in-memory world (the transport knows people only once they wrote). */
export interface MemoryPerson {
  /** Stable id, also the address the bot sends to. */
  readonly wxid: string;
  /** Same as `wxid`: this transport's addresses never change. */
  readonly userName: string;
  readonly nickName: string;
  readonly kind: 'friend';
}

/** One inbound item as the in-memory "server" delivers it. */
export interface MemoryItem {
  readonly id: string;
  readonly from: string;
  readonly kind: 'text' | 'image';
  readonly text: string;
  readonly time: number;
  readonly data?: Uint8Array;
}

/** What a person can send: a text, or an image's bytes. */
export type MemorySays = string | { readonly kind: 'image'; readonly data: Uint8Array };

/** A message the bot sent, as the in-memory server recorded it. */
export interface MemorySent {
  readonly kind: OutgoingMessage['kind'];
  readonly to: MemoryPerson;
  readonly toUserName: string;
  /** The text of a text message, '' for media. */
  readonly text: string;
  readonly media?: { readonly bytes: Uint8Array; readonly fileName: string };
  readonly clientMsgId: string;
  readonly msgId: string;
  readonly time: number;
}

/** What the adapter saves: its cursor and ledger in one write, like a real adapter's session file. */
export interface MemoryCheckpoint {
  readonly cursor: number;
  readonly ledger: unknown;
}

interface WorldEvents {
  delivered: () => void;
  sent: () => void;
}

/**
 * A tiny in-memory chat service for tests: people write to the bot, the bot's adapter polls with a
 * cursor, sends are recorded (and deduplicated by client id like a real server). Direct messages
 * only, like iLink; the point is to prove the runtime runs on a second transport.
 *
 * @example
 * const world = new MemoryWorld();
 * const alice = world.person('alice');
 * world.say(alice, 'hi');
 * await world.waitForSent((m) => m.to === alice);
 */
export class MemoryWorld {
  /** Every message the bot sent, in order. */
  readonly sent: MemorySent[] = [];
  /** The adapter's persisted state ("disk"); survives adapter restarts on the same world. */
  checkpoint: MemoryCheckpoint | undefined;
  /** True once someone logged in (a later login resumes). */
  loggedInBefore = false;
  readonly #items: MemoryItem[] = [];
  readonly #people = new Map<string, MemoryPerson>();
  readonly #byClientId = new Map<string, MemorySent>();
  readonly #events = new EventEmitter<WorldEvents>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(options: { readonly now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** A person by nickname (created if new). */
  person(nickName: string): MemoryPerson {
    const known = [...this.#people.values()].find((p) => p.nickName === nickName);
    if (known) return known;
    const wxid = `mem_${String(this.#people.size + 1).padStart(4, '0')}`;
    const person: MemoryPerson = { wxid, userName: wxid, nickName, kind: 'friend' };
    this.#people.set(wxid, person);
    return person;
  }

  /** A person by id. */
  byId(wxid: string): MemoryPerson | undefined {
    return this.#people.get(wxid);
  }

  /** `person` writes to the bot. */
  say(person: MemoryPerson, message: MemorySays): { readonly msgId: string } {
    const id = `m${this.#nextId++}`;
    const base = { id, from: person.wxid, time: this.#now() };
    this.#items.push(
      typeof message === 'string'
        ? { ...base, kind: 'text', text: message }
        : { ...base, kind: 'image', text: '', data: message.data },
    );
    this.#events.emit('delivered');
    return { msgId: id };
  }

  /** Items after `cursor`, and the cursor past them (what a long poll answers). */
  poll(cursor: number): { readonly items: readonly MemoryItem[]; readonly cursor: number } {
    return { items: this.#items.slice(cursor), cursor: this.#items.length };
  }

  /** Calls `listener` whenever something is delivered; returns the unsubscribe. */
  onDelivered(listener: () => void): () => void {
    this.#events.on('delivered', listener);
    return () => this.#events.off('delivered', listener);
  }

  /** The server side of a send: records it once per client id and answers a receipt. */
  accept(message: OutgoingMessage, clientMsgId: string, media?: MemorySent['media']): MemorySent {
    const repeat = this.#byClientId.get(clientMsgId);
    if (repeat) return repeat;
    const to = this.#people.get(message.to);
    if (!to) throw new Error(`memory world: nobody has the address ${message.to}`);
    const sent: MemorySent = {
      kind: message.kind,
      to,
      toUserName: message.to,
      text: message.kind === 'text' ? message.text : '',
      ...(media ? { media } : {}),
      clientMsgId,
      msgId: `s${this.#nextId++}`,
      time: this.#now(),
    };
    this.sent.push(sent);
    this.#byClientId.set(clientMsgId, sent);
    this.#events.emit('sent');
    return sent;
  }

  /** Resolves when the bot sent a message matching `predicate` (or rejects after `timeoutMs`). */
  waitForSent(predicate: (m: MemorySent) => boolean = () => true, timeoutMs = 5000): Promise<MemorySent> {
    const hit = this.sent.find(predicate);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.sent.find(predicate);
        if (!found) return;
        clearTimeout(timer);
        this.#events.off('sent', check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#events.off('sent', check);
        reject(new Error(`the bot sent nothing matching within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#events.on('sent', check);
    });
  }
}
