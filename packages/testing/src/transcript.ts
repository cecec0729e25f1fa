import type { PhoneMessageSpec, SentMessage } from '@wxbot/simulator';

/** What a transcript needs of a sent message, whatever the transport's fake server records. */
export interface TranscriptMessage {
  readonly kind: string;
  readonly text: string;
  readonly to: { readonly wxid: string };
}

/**
 * Where a transcript reads what the bot sent: the Web simulator's phone, the in-memory world, or
 * another transport's fake server.
 */
export interface SentSource<S extends TranscriptMessage> {
  readonly sent: readonly S[];
  /** Resolves when a sent message matches `predicate`; rejects after `timeoutMs`. */
  waitForSent(predicate: (m: S) => boolean, timeoutMs: number): Promise<unknown>;
}

/** What a reply is checked against: the exact text, a pattern, or any test of the sent message. */
export type ReplyExpectation<S extends TranscriptMessage = SentMessage> =
  | string
  | RegExp
  | ((sent: S) => boolean);

/** Options of `expectsReply`. */
export interface ExpectReplyOptions {
  /**
   * Real milliseconds to wait. Default 10 000: only a failing test waits that long, and a loaded
   * machine may take seconds to answer.
   */
  readonly timeoutMs?: number;
}

/** Options of `expectNoReply`. */
export interface ExpectNoReplyOptions {
  /** Real milliseconds to watch for a reply. Default 300. */
  readonly withinMs?: number;
}

function describeExpectation<S extends TranscriptMessage>(expected: ReplyExpectation<S>): string {
  if (typeof expected === 'string') return JSON.stringify(expected);
  if (expected instanceof RegExp) return String(expected);
  return 'a message matching the predicate';
}

function matches<S extends TranscriptMessage>(sent: S, expected: ReplyExpectation<S>): boolean {
  if (typeof expected === 'string') return sent.text === expected;
  if (expected instanceof RegExp) return expected.test(sent.text);
  return expected(sent);
}

function describeSent(sent: readonly TranscriptMessage[]): string {
  if (sent.length === 0) return 'nothing';
  return sent.map((m) => (m.kind === 'text' ? JSON.stringify(m.text) : `[${m.kind}]`)).join(', ');
}

/**
 * The bot's side of one conversation (a private chat or a group) as seen at the fake server:
 * every message the bot sent there, consumed in order by `expectsReply`.
 */
export class ChatTranscript<S extends TranscriptMessage = SentMessage> {
  private cursor = 0;
  private errorCursor = 0;

  /** @param errors the handler errors the bot reported so far (shown when no reply came). */
  constructor(
    private readonly source: SentSource<S>,
    private readonly chat: () => { readonly wxid: string },
    private readonly label: string,
    private readonly errors: () => readonly Error[] = () => [],
  ) {}

  /** The handler errors since the last check, as a sentence for a failed expectation. */
  private newErrors(): string {
    const all = this.errors();
    const fresh = all.slice(this.errorCursor);
    this.errorCursor = all.length;
    if (fresh.length === 0) return '';
    const shown = fresh.slice(-3).map((e) => {
      const cause = e.cause instanceof Error ? `: ${e.cause.stack ?? e.cause.message}` : '';
      return `  ${e.message}${cause}`;
    });
    return `; meanwhile a handler failed (${fresh.length} error(s)):\n${shown.join('\n')}`;
  }

  /** Everything the bot sent to this chat so far. */
  get sent(): S[] {
    const wxid = this.chat().wxid;
    return this.source.sent.filter((m) => m.to.wxid === wxid);
  }

  /**
   * Wait for the bot's next message in this chat and check it. Returns it (text, mentions, media…).
   * Each call consumes one message, so consecutive calls check consecutive replies.
   */
  async expectsReply(expected: ReplyExpectation<S>, options: ExpectReplyOptions = {}): Promise<S> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = this.sent[this.cursor];
      if (next) {
        this.cursor += 1;
        if (matches(next, expected)) return next;
        throw new Error(
          `${this.label}: expected the bot to reply ${describeExpectation(expected)}, but it sent ${describeSent([next])}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.label}: expected the bot to reply ${describeExpectation(expected)} within ${timeoutMs} ms, but it sent nothing${this.newErrors()}`,
        );
      }
      await this.source.waitForSent(() => this.sent.length > this.cursor, left).catch(() => undefined);
    }
  }

  /** Check that the bot sends nothing more to this chat within `withinMs`. */
  async expectNoReply(options: ExpectNoReplyOptions = {}): Promise<void> {
    const withinMs = options.withinMs ?? 300;
    await new Promise((resolve) => setTimeout(resolve, withinMs));
    const extra = this.sent.slice(this.cursor);
    if (extra.length > 0) {
      this.cursor += extra.length;
      throw new Error(`${this.label}: expected no reply, but the bot sent ${describeSent(extra)}`);
    }
  }

  /** Skip what the bot sent so far (start checking from now on). */
  skip(): void {
    this.cursor = this.sent.length;
  }
}

/** Turn `'@bot'` in a group text into a real mention of the bot (its name and U+2005). */
export function expandBotMention(text: string, botName: string): string {
  return text.replace(/@bot\b ?/g, `@${botName}\u2005`);
}

/** A text or a message spec the phone can send. */
export type Says = string | PhoneMessageSpec;
