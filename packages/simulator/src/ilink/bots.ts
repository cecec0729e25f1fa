import { CursorCodec, newBotId, newBotToken, newContextToken, newTypingTicket } from './ids.js';

/** One message in a bot's inbound queue. */
export interface QueuedMessage {
  readonly seq: number;
  readonly messageId: bigint;
  /** The `WeixinMessage` object as written on the wire (bigint `message_id`). */
  readonly json: Record<string, unknown>;
}

/** A (bot, user) conversation: the reply credential, the window and the quota (protocol.md §8). */
export interface Conversation {
  readonly userId: string;
  /** Every context token issued in this conversation → when it was issued. */
  readonly tokens: Map<string, number>;
  latestToken: string | undefined;
  lastInboundAt: number | undefined;
  quotaLeft: number;
  typingTicket: string | undefined;
  ticketIssuedAt: number;
  /** Tickets replaced by a newer one (still accepted until their TTL). */
  readonly oldTickets: Map<string, number>;
  typing: boolean;
}

/** One binding of a WeChat user to a bot identity. */
export interface Binding {
  readonly botId: string;
  readonly token: string;
  /** The scanning (owner) user's `ilink_user_id`. */
  readonly ownerId: string;
  readonly ownerName: string;
  /** Counts bindings of this bot id, so cursors of an older binding are told apart. */
  readonly generation: number;
  readonly createdAt: number;
  readonly baseurl: string;
  revoked: boolean;
  online: boolean;
  readonly queue: QueuedMessage[];
  nextSeq: number;
  readonly conversations: Map<string, Conversation>;
  /** The last `base_info` the bot sent (for assertions). */
  lastBaseInfo: Record<string, unknown> | undefined;
  /** `client_id`s already accepted, for idempotent retries. */
  readonly clientIds: Map<string, bigint>;
}

/** Bindings, tokens, queues and cursors. */
export class Bots {
  readonly cursors = new CursorCodec();
  private readonly byToken = new Map<string, Binding>();
  private readonly byOwner = new Map<string, Binding>();
  private readonly generations = new Map<string, number>();
  private readonly waiters = new Map<Binding, Set<() => void>>();

  /** Binds `ownerId` to a bot, revoking the user's previous binding (its token then gets -14). */
  bind(ownerId: string, ownerName: string, now: number, baseurl: string, newBotIdOnRebind: boolean): Binding {
    const old = this.byOwner.get(ownerId);
    if (old) this.revoke(old);
    const botId = old && !newBotIdOnRebind ? old.botId : newBotId();
    const generation = (this.generations.get(botId) ?? 0) + 1;
    this.generations.set(botId, generation);
    const b: Binding = {
      botId,
      token: newBotToken(botId),
      ownerId,
      ownerName,
      generation,
      createdAt: now,
      baseurl,
      revoked: false,
      online: false,
      queue: [],
      nextSeq: 1,
      conversations: new Map(),
      lastBaseInfo: undefined,
      clientIds: new Map(),
    };
    this.byToken.set(b.token, b);
    this.byOwner.set(ownerId, b);
    return b;
  }

  /** The binding a token belongs to (revoked ones included), if any. */
  byBotToken(token: string): Binding | undefined {
    return this.byToken.get(token);
  }

  /** The user's live binding, if any. */
  ofOwner(ownerId: string): Binding | undefined {
    const b = this.byOwner.get(ownerId);
    return b && !b.revoked ? b : undefined;
  }

  /** Every binding ever made, oldest first. */
  all(): Binding[] {
    return [...this.byToken.values()];
  }

  /** Ends a binding: every later call with its token gets -14; held polls answer at once. */
  revoke(b: Binding): void {
    b.revoked = true;
    b.online = false;
    if (this.byOwner.get(b.ownerId) === b) this.byOwner.delete(b.ownerId);
    this.wake(b);
  }

  /** The conversation of `b` with `userId`, created on first use. */
  conversation(b: Binding, userId: string): Conversation {
    let c = b.conversations.get(userId);
    if (!c) {
      c = {
        userId,
        tokens: new Map(),
        latestToken: undefined,
        lastInboundAt: undefined,
        quotaLeft: 0,
        typingTicket: undefined,
        ticketIssuedAt: 0,
        oldTickets: new Map(),
        typing: false,
      };
      b.conversations.set(userId, c);
    }
    return c;
  }

  /** A user turn: a new context token, the window reopened, the quota reset. */
  openTurn(c: Conversation, now: number, quota: number): string {
    const token = newContextToken();
    c.tokens.set(token, now);
    c.latestToken = token;
    c.lastInboundAt = now;
    c.quotaLeft = quota;
    return token;
  }

  /** The user's typing ticket, issued (or rotated after `ttlMs`) on demand. */
  ticket(c: Conversation, now: number, ttlMs: number): string {
    if (!c.typingTicket || now - c.ticketIssuedAt >= ttlMs) {
      if (c.typingTicket) c.oldTickets.set(c.typingTicket, c.ticketIssuedAt);
      c.typingTicket = newTypingTicket();
      c.ticketIssuedAt = now;
    }
    return c.typingTicket;
  }

  /** True when `ticket` is the current or a not yet expired older ticket of `c`. */
  ticketValid(c: Conversation, ticket: string, now: number, ttlMs: number): boolean {
    if (ticket === c.typingTicket) return now - c.ticketIssuedAt < ttlMs;
    const at = c.oldTickets.get(ticket);
    return at !== undefined && now - at < ttlMs;
  }

  /** Queues an inbound message and wakes held polls. `build` gets the seq to write into the JSON. */
  enqueue(
    b: Binding,
    messageId: bigint,
    build: (seq: number) => Record<string, unknown>,
    backlog: number,
  ): QueuedMessage {
    const seq = b.nextSeq++;
    const m: QueuedMessage = { seq, messageId, json: build(seq) };
    b.queue.push(m);
    if (b.queue.length > backlog) b.queue.splice(0, b.queue.length - backlog);
    this.wake(b);
    return m;
  }

  /** Messages after the cursor's seq (everything retained for an empty, foreign or stale cursor). */
  after(b: Binding, cursor: string, limit: number): { from: number; msgs: QueuedMessage[] } {
    const d = cursor === '' ? undefined : this.cursors.decode(b.botId, cursor);
    const from = d && d.generation === b.generation ? d.seq : 0;
    return { from, msgs: b.queue.filter((m) => m.seq > from).slice(0, limit) };
  }

  cursorFor(b: Binding, seq: number): string {
    return this.cursors.encode(b.botId, b.generation, seq);
  }

  /** Subscribes to new messages / revocation of `b`; returns the unsubscribe function. */
  subscribe(b: Binding, fn: () => void): () => void {
    let set = this.waiters.get(b);
    if (!set) {
      set = new Set();
      this.waiters.set(b, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  wake(b: Binding): void {
    for (const fn of [...(this.waiters.get(b) ?? [])]) fn();
  }

  /** Wakes every held poll (e.g. when the clock moves). */
  wakeAll(): void {
    for (const set of this.waiters.values()) for (const fn of [...set]) fn();
  }
}
