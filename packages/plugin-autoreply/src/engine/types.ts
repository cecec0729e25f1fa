import type { CompiledRegex } from './regex.js';
import type { Template } from './template.js';
import type { TimeWindow } from './time-window.js';

/** The chat a message belongs to. */
export interface AutoreplyChat {
  readonly kind: 'private' | 'group';
  /** Stable id of the group, or of the other person in a private chat. */
  readonly id: string;
  /** Group name, or the other person's display name. */
  readonly name: string;
}

/** Who wrote the message. */
export interface AutoreplySender {
  readonly id: string;
  /** Display name (group nickname in groups, else remark, else nickname). */
  readonly name: string;
  /** WeChat ID (微信号) if known. */
  readonly alias?: string | undefined;
}

/**
 * What the rules engine needs to know about one incoming message. The plugin builds it from a
 * Context; tests and `wxbot explain` build it by hand.
 *
 * @example
 * const input: AutoreplyInput = {
 *   kind: 'text', text: '天气 北京',
 *   chat: { kind: 'group', id: 'g1', name: 'Hikers' },
 *   sender: { id: 'u1', name: 'Bob' }, isMentioned: true,
 * };
 */
export interface AutoreplyInput {
  /** Message kind (`text`, `image`, `location`, … as in `@wxbot/core`'s `MessageKind`). */
  readonly kind: string;
  /** The text (bot mention removed); for other kinds a short summary (link title, file name…) or ''. */
  readonly text: string;
  readonly chat: AutoreplyChat;
  readonly sender: AutoreplySender;
  /** The bot was @-mentioned (groups), by name or by @所有人. */
  readonly isMentioned?: boolean | undefined;
  /**
   * The message @-mentions everyone (@所有人 / @all). With `isMentioned` and without
   * `mentionedByName`, rules with `mentionAll: false` do not count it as a mention.
   */
  readonly mentionsAll?: boolean | undefined;
  /** The bot was @-mentioned by one of its own names (not only through @所有人). */
  readonly mentionedByName?: boolean | undefined;
  /** The bot account sent it (rules never answer these; owner commands may come from it). */
  readonly self?: boolean | undefined;
  /** When it happened for time windows and cooldowns; defaults to the engine clock. */
  readonly now?: Date | undefined;
}

/** Which rule, for people and logs. */
export interface RuleRef {
  /** Index in `rules`, or -1 for the fallback. */
  readonly index: number;
  readonly name: string | undefined;
  readonly id: string | undefined;
  /** `rules[3] (name "weather")`, or `fallback`. */
  readonly label: string;
}

/** A reply to send, rendered. */
export interface ReplyAction {
  readonly rule: RuleRef;
  /** Text to send (templates filled in). */
  readonly text?: string | undefined;
  /** Path of an image to send. */
  readonly image?: string | undefined;
  /** Path of a file to send. */
  readonly file?: string | undefined;
  /** @-mention the sender (only ever true in groups). */
  readonly mention: boolean;
}

/** Why the engine answered (or did not). */
export type DecisionReason =
  | 'rule' // one or more rules fired
  | 'fallback' // no rule fired; the fallback did
  | 'cooldown' // the winning rule matched but is cooling down: nothing is sent
  | 'none' // nothing applied
  | 'paused' // auto-reply is paused in this chat
  | 'self' // the bot's own message
  | 'command'; // an owner command was handled

/** What to do with one message. */
export interface Decision {
  readonly reason: DecisionReason;
  /** Replies to send, in order (empty when nothing to send). */
  readonly replies: readonly ReplyAction[];
  /** Rules that fired (or were suppressed by a cooldown), in priority order. */
  readonly rules: readonly RuleRef[];
  /** True when no stopping rule took the message: later middleware should see it. */
  readonly continue: boolean;
}

/** Why a rule did or did not fire, as a code and a sentence. */
export type VerdictCode =
  | 'fired'
  | 'cooldown'
  | 'wrong-kind'
  | 'scope'
  | 'group-deny'
  | 'group-not-allowed'
  | 'contact-deny'
  | 'contact-not-allowed'
  | 'needs-mention'
  | 'no-keyword'
  | 'regex-no-match'
  | 'outside-hours'
  | 'inside-hours'
  | 'shadowed'
  | 'not-needed'
  | 'paused'
  | 'self';

/** The verdict on one rule for one message. */
export interface RuleVerdict {
  readonly rule: RuleRef;
  readonly code: VerdictCode;
  /** A sentence, e.g. `needs an @mention in groups (mentionOnly)`. */
  readonly why: string;
}

/** The whole story of a message: the decision and a verdict for every rule and the fallback. */
export interface Explanation {
  readonly input: AutoreplyInput;
  readonly decision: Decision;
  readonly verdicts: readonly RuleVerdict[];
}

/** How a rule matches text. */
export type CompiledMatch =
  | { readonly type: 'contains' | 'equals' | 'startsWith'; readonly words: readonly string[] }
  | { readonly type: 'regex'; readonly regex: CompiledRegex }
  | { readonly type: 'any' };

/** Names/ids allowed and denied (empty allow = everyone). */
export interface AllowDeny {
  readonly allow: ReadonlySet<string>;
  readonly deny: ReadonlySet<string>;
}

/** One way to reply; a rule picks one of its options at random. */
export interface CompiledReply {
  readonly text: Template | undefined;
  readonly image: string | undefined;
  readonly file: string | undefined;
  readonly mention: boolean;
}

/** A validated, compiled rule. */
export interface CompiledRule {
  readonly ref: RuleRef;
  /** Key for cooldown state: survives reloads when the rule has an id or a name. */
  readonly key: string;
  readonly match: CompiledMatch;
  readonly ignoreCase: boolean;
  readonly kinds: ReadonlySet<string>;
  readonly scope: 'private' | 'group' | 'both';
  readonly groups: AllowDeny | undefined;
  readonly contacts: AllowDeny | undefined;
  readonly mentionOnly: boolean;
  /** With `mentionOnly`: does an @所有人 (mention-all) count as a mention of the bot? */
  readonly mentionAll: boolean;
  readonly priority: number;
  readonly stop: boolean;
  readonly cooldown: { readonly perChatMs: number; readonly perSenderMs: number };
  readonly window: TimeWindow | undefined;
  readonly replies: readonly CompiledReply[];
}
