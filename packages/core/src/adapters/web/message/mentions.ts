import type { Mentions } from '../../../message/types.js';

/** U+2005 FOUR-PER-EM SPACE: what the mobile and desktop apps put after `@name`. */
export const MENTION_END = '\u2005';

// Bounds that keep hostile texts linear: names are short, and nobody @-mentions 100 people.
const MAX_NAME_LENGTH = 64;
const MAX_MENTIONS = 100;
const ALL_NAMES = ['所有人', 'all'];

/** What {@link analyzeMentions} found. */
export interface MentionAnalysis extends Mentions {
  /** The text with the bot's own @mention(s) removed, trimmed. */
  readonly text: string;
}

function isTerminator(ch: string | undefined): boolean {
  return ch === undefined || ch === MENTION_END || ch === ' ';
}

/** Reads the name after the `@` at `at`: a known name if one fits, else up to U+2005 / space / end. */
function nameAt(text: string, at: number, knownNames: readonly string[]): string {
  const start = at + 1;
  for (const name of knownNames) {
    if (text.startsWith(name, start) && isTerminator(text[start + name.length])) return name;
  }
  const limit = Math.min(text.length, start + MAX_NAME_LENGTH + 1);
  let end = start;
  while (end < limit) {
    const ch = text[end];
    if (ch === MENTION_END || ch === '@' || ch === '\n') break;
    end++;
  }
  if (text[end] === MENTION_END && end > start && end - start <= MAX_NAME_LENGTH)
    return text.slice(start, end);
  // Web-sent mentions end with a plain space (or the end of the text).
  end = start;
  while (
    end < limit &&
    text[end] !== ' ' &&
    text[end] !== MENTION_END &&
    text[end] !== '@' &&
    text[end] !== '\n'
  )
    end++;
  if (
    end > start &&
    end - start <= MAX_NAME_LENGTH &&
    (end === text.length || isTerminator(text[end]) || text[end] === '\n')
  ) {
    return text.slice(start, end);
  }
  return '';
}

/** True when `@name` occurs followed by U+2005, a space or the end of the text. */
function hasMention(text: string, name: string): boolean {
  if (name === '') return false;
  const needle = `@${name}`;
  let from = 0;
  for (;;) {
    const i = text.indexOf(needle, from);
    if (i < 0) return false;
    if (isTerminator(text[i + needle.length])) return true;
    from = i + 1;
  }
}

/** Removes every `@name` + terminator (U+2005 or space) occurrence. */
function removeMention(text: string, name: string): string {
  if (name === '') return text;
  const needle = `@${name}`;
  let out = '';
  let from = 0;
  for (;;) {
    const i = text.indexOf(needle, from);
    if (i < 0) break;
    const after = i + needle.length;
    if (isTerminator(text[after])) {
      out += text.slice(from, i);
      from = after + (after < text.length ? 1 : 0);
    } else {
      out += text.slice(from, after);
      from = after;
    }
  }
  return out + text.slice(from);
}

/**
 * Finds @mentions in a group text (protocol.md §6.3). A name runs from `@` to U+2005 (mobile) or a
 * space (web) or the end; `knownNames` (group display names and nicknames) let names that contain
 * spaces be read whole. The bot is mentioned when one of `botNames` (its group display name, its
 * nickname) is followed by U+2005, a space or the end, or by `@所有人` / `@all`. A message the bot
 * sent itself never counts as mentioning it.
 *
 * @example
 * analyzeMentions('@Bot\u2005hi', ['Bot'], [], false);
 * // { mentions: ['Bot'], isMentioned: true, mentionsAll: false, text: 'hi' }
 */
export function analyzeMentions(
  text: string,
  botNames: readonly string[],
  knownNames: readonly string[],
  sentBySelf: boolean,
): MentionAnalysis {
  const bots = [...new Set(botNames.filter((n) => n !== ''))];
  // Longest first so that "Bob 李" wins over "Bob".
  const known = [
    ...new Set([...bots, ...knownNames].filter((n) => n !== '' && n.length <= MAX_NAME_LENGTH)),
  ].sort((a, b) => b.length - a.length);
  const mentions: string[] = [];
  let at = text.indexOf('@');
  for (let visited = 0; at >= 0 && visited < MAX_MENTIONS * 2 && mentions.length < MAX_MENTIONS; visited++) {
    const name = nameAt(text, at, known);
    if (name !== '') mentions.push(name);
    at = text.indexOf('@', at + 1 + name.length);
  }
  const mentionsAll = ALL_NAMES.some((n) => hasMention(text, n)) || hasMention(text.toLowerCase(), 'all');
  const byName = bots.some((n) => hasMention(text, n));
  let stripped = text;
  for (const n of bots) stripped = removeMention(stripped, n);
  return {
    mentions,
    isMentioned: !sentBySelf && (byName || mentionsAll),
    mentionsAll,
    text: stripped.trim(),
  };
}
