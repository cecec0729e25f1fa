import { formatDuration } from '@wxbot/core';
import type { RuleSet } from './compile.js';
import type { CompiledRule, Explanation, ReplyAction } from './types.js';

const MARK: Record<string, string> = { fired: '✔', cooldown: '…' };

function describeReply(r: ReplyAction): string {
  const bits: string[] = [];
  if (r.text !== undefined) bits.push(JSON.stringify(r.text));
  if (r.image !== undefined) bits.push(`image ${r.image}`);
  if (r.file !== undefined) bits.push(`file ${r.file}`);
  if (r.mention) bits.push('with @mention');
  return bits.join(' + ');
}

/**
 * Formats an {@link Explanation} as readable lines: the message, the decision, then one line per
 * rule in evaluation order saying why it fired or not.
 *
 * @example
 * for (const line of formatExplanation(bot.explain(input))) console.log(line);
 * // message: text "hi" in private chat with "Alice" from "Alice"
 * // decision: reply from rules[0] (name "hello"): "hello Alice"
 * //   ✔ rules[0] (name "hello"): fires (stop)
 */
export function formatExplanation(e: Explanation): string[] {
  const { input, decision } = e;
  const where =
    input.chat.kind === 'group'
      ? `in group "${input.chat.name}"`
      : `in private chat with "${input.chat.name}"`;
  const flags = [
    input.chat.kind === 'group' ? (input.isMentioned === true ? '@mentioned' : 'not @mentioned') : '',
    input.self === true ? 'sent by the bot' : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  const lines = [
    `message: ${input.kind} ${JSON.stringify(input.text)} ${where} from "${input.sender.name}"${flags === '' ? '' : `, ${flags}`}`,
  ];
  if (decision.replies.length > 0) {
    for (const r of decision.replies) lines.push(`decision: reply from ${r.rule.label}: ${describeReply(r)}`);
  } else {
    const why: Record<string, string> = {
      none: 'no reply (no rule applies)',
      cooldown: `no reply (${decision.rules.map((r) => r.label).join(', ')} matched but is cooling down)`,
      paused: 'no reply (auto-reply is paused in this chat)',
      self: "no reply (the bot's own message)",
      command: 'owner command',
    };
    lines.push(`decision: ${why[decision.reason] ?? decision.reason}`);
  }
  lines.push(`passes on to later plugins: ${decision.continue ? 'yes' : 'no'}`);
  lines.push('rules, in evaluation order (priority, then config order):');
  if (e.verdicts.length === 0) lines.push('  (no rules)');
  for (const v of e.verdicts) lines.push(`  ${MARK[v.code] ?? '✘'} ${v.rule.label}: ${v.why}`);
  return lines;
}

/** One line describing a rule, for `/autoreply rules`. */
export function describeRule(rule: CompiledRule): string {
  const m = rule.match;
  const match =
    m.type === 'regex'
      ? `regex ${m.regex.written}`
      : m.type === 'any'
        ? 'any'
        : `${m.type} ${m.words.map((w) => JSON.stringify(w)).join(', ')}`;
  const bits = [match];
  if (!rule.kinds.has('text') || rule.kinds.size > 1) bits.push([...rule.kinds].join('/'));
  bits.push(rule.scope === 'both' ? 'private+group' : rule.scope);
  if (rule.scope !== 'private' && !rule.mentionOnly) bits.push('no @ needed');
  if (rule.priority !== 0) bits.push(`priority ${rule.priority}`);
  if (!rule.stop) bits.push('continue');
  if (rule.cooldown.perChatMs > 0) bits.push(`cooldown ${formatDuration(rule.cooldown.perChatMs)}/chat`);
  if (rule.cooldown.perSenderMs > 0)
    bits.push(`cooldown ${formatDuration(rule.cooldown.perSenderMs)}/sender`);
  if (rule.window !== undefined)
    bits.push(`${rule.window.outside ? 'outside' : 'during'} ${rule.window.label}`);
  return `${rule.ref.label}: ${bits.join(' · ')}`;
}

/** Lines listing every rule (and the fallback), for `/autoreply rules`. At most `max` rule lines. */
export function listRules(set: RuleSet, max = 30): string[] {
  const lines = [`${set.rules.length} rule(s):`];
  for (const r of set.rules.slice(0, max)) lines.push(describeRule(r));
  if (set.rules.length > max) lines.push(`… and ${set.rules.length - max} more`);
  if (set.fallback !== undefined)
    lines.push(describeRule(set.fallback).replace(/^fallback: any · /, 'fallback: '));
  return lines;
}
