import { formatDuration } from '@wxbot/core';
import type { RuleSet } from './compile.js';
import type { RegexMatch } from './regex.js';
import type { AutoreplyState } from './state.js';
import { renderTemplate } from './template.js';
import { windowAllows } from './time-window.js';
import type {
  AutoreplyInput,
  CompiledRule,
  Decision,
  ReplyAction,
  RuleRef,
  RuleVerdict,
  VerdictCode,
} from './types.js';

/** What evaluation needs besides the rules and the message. */
export interface EvalDeps {
  readonly state: AutoreplyState;
  /** Returns a number in [0, 1), like `Math.random`. */
  readonly rng: () => number;
  readonly now: Date;
  /** Explain mode: do not record cooldowns. */
  readonly dryRun: boolean;
}

type Gate = { code: VerdictCode; why: string } | undefined;

function listed(set: ReadonlySet<string>, ...keys: (string | undefined)[]): boolean {
  for (const k of keys) if (k !== undefined && k !== '' && set.has(k)) return true;
  return false;
}

// Checks that need no text match: kind, scope, group and contact lists.
function preGate(rule: CompiledRule, input: AutoreplyInput): Gate {
  const kindOk = rule.kinds.has(input.kind) || (input.kind === 'quote' && rule.kinds.has('text'));
  if (!kindOk) return { code: 'wrong-kind', why: `answers ${[...rule.kinds].join('/')}, not ${input.kind}` };
  const inGroup = input.chat.kind === 'group';
  if (rule.scope === 'private' && inGroup)
    return { code: 'scope', why: 'private chats only (scope: private)' };
  if (rule.scope === 'group' && !inGroup) return { code: 'scope', why: 'groups only (scope: group)' };
  if (inGroup && rule.groups !== undefined) {
    if (listed(rule.groups.deny, input.chat.id, input.chat.name))
      return { code: 'group-deny', why: `group "${input.chat.name}" is in groups.deny` };
    if (rule.groups.allow.size > 0 && !listed(rule.groups.allow, input.chat.id, input.chat.name)) {
      return { code: 'group-not-allowed', why: `group "${input.chat.name}" is not in groups.allow` };
    }
  }
  if (rule.contacts !== undefined) {
    const s = input.sender;
    if (listed(rule.contacts.deny, s.id, s.name, s.alias))
      return { code: 'contact-deny', why: `sender "${s.name}" is in contacts.deny` };
    if (rule.contacts.allow.size > 0 && !listed(rule.contacts.allow, s.id, s.name, s.alias)) {
      return { code: 'contact-not-allowed', why: `sender "${s.name}" is not in contacts.allow` };
    }
  }
  return undefined;
}

// Checks after the text matched: mention and time window.
function postGate(rule: CompiledRule, input: AutoreplyInput, now: Date): Gate {
  if (input.chat.kind === 'group' && rule.mentionOnly) {
    if (input.isMentioned !== true)
      return { code: 'needs-mention', why: 'needs an @mention in groups (mentionOnly is on by default)' };
    const onlyAll = input.mentionsAll === true && input.mentionedByName !== true;
    if (!rule.mentionAll && onlyAll)
      return {
        code: 'needs-mention',
        why: 'needs an @mention of the bot; @所有人 does not count (mentionAll: false)',
      };
  }
  if (rule.window !== undefined && !windowAllows(rule.window, now)) {
    return rule.window.outside
      ? { code: 'inside-hours', why: `only outside ${rule.window.label}, and it is inside` }
      : { code: 'outside-hours', why: `only during ${rule.window.label}, and it is outside` };
  }
  return undefined;
}

function noMatch(rule: CompiledRule): Gate {
  const m = rule.match;
  if (m.type === 'regex') return { code: 'regex-no-match', why: `regex ${m.regex.written} does not match` };
  if (m.type === 'any') return { code: 'no-keyword', why: 'no match' };
  const words = m.words.map((w) => JSON.stringify(w)).join(', ');
  const how =
    m.type === 'contains'
      ? 'contains none of'
      : m.type === 'equals'
        ? 'equals none of'
        : 'starts with none of';
  return { code: 'no-keyword', why: `text ${how} ${words}${rule.ignoreCase ? '' : ' (case-sensitive)'}` };
}

function render(
  rule: CompiledRule,
  input: AutoreplyInput,
  match: RegexMatch | undefined,
  rng: () => number,
): ReplyAction {
  const n = rule.replies.length;
  const pick = rule.replies[Math.min(n - 1, Math.max(0, Math.floor(rng() * n)))] ?? rule.replies[0];
  const inGroup = input.chat.kind === 'group';
  const values = {
    sender: input.sender.name,
    group: inGroup ? input.chat.name : '',
    text: input.text,
    match,
  };
  return {
    rule: rule.ref,
    text: pick?.text === undefined ? undefined : renderTemplate(pick.text, values),
    image: pick?.image,
    file: pick?.file,
    mention: inGroup && (pick?.mention ?? false),
  };
}

/** The decision for a message, and (when `trace`) a verdict for every rule and the fallback. */
export function evaluate(
  set: RuleSet,
  input: AutoreplyInput,
  deps: EvalDeps,
  trace: boolean,
): { decision: Decision; verdicts: RuleVerdict[] } {
  const verdicts: RuleVerdict[] = [];
  const all = (code: VerdictCode, why: string) => {
    if (!trace) return;
    for (const r of set.rules) verdicts.push({ rule: r.ref, code, why });
    if (set.fallback !== undefined) verdicts.push({ rule: set.fallback.ref, code, why });
  };
  if (input.self === true) {
    all('self', "the bot's own message is never auto-answered");
    return { decision: { reason: 'self', replies: [], rules: [], continue: true }, verdicts };
  }
  if (deps.state.isPausedFor(input)) {
    all('paused', 'auto-reply is paused in this chat');
    return { decision: { reason: 'paused', replies: [], rules: [], continue: true }, verdicts };
  }

  const candidates = set.matcher.candidates(input.text);
  // Explain looks at every rule; a real decision only at the rules whose match accepted the text.
  const byRank = trace ? new Map(candidates.map((c) => [c.rank, c])) : undefined;
  const verdictByIndex = trace ? new Map<number, RuleVerdict>() : undefined;
  const note = (rule: CompiledRule, code: VerdictCode, why: string) => {
    verdictByIndex?.set(rule.ref.index, { rule: rule.ref, code, why });
  };

  const now = deps.now.getTime();
  const replies: ReplyAction[] = [];
  const fired: RuleRef[] = [];
  let winner: RuleRef | undefined;
  let suppressed = false;

  const n = byRank === undefined ? candidates.length : set.ranked.length;
  for (let k = 0; k < n; k++) {
    const cand = byRank === undefined ? candidates[k] : byRank.get(k);
    const rank = byRank === undefined ? (cand?.rank ?? -1) : k;
    const rule = set.ranked[rank];
    if (rule === undefined) continue;
    const pre = preGate(rule, input);
    if (pre !== undefined) {
      note(rule, pre.code, pre.why);
      continue;
    }
    if (cand === undefined) {
      const nm = noMatch(rule);
      if (nm !== undefined) note(rule, nm.code, nm.why);
      continue;
    }
    const post = postGate(rule, input, deps.now);
    if (post !== undefined) {
      note(rule, post.code, post.why);
      continue;
    }
    if (winner !== undefined) {
      note(
        rule,
        'shadowed',
        `would fire, but ${winner.label} fired first (higher priority or earlier) and stops`,
      );
      continue;
    }
    const left = deps.state.cooldownLeft(rule, input, now);
    if (left > 0) {
      suppressed = true;
      fired.push(rule.ref);
      note(
        rule,
        'cooldown',
        `matched, but cooling down (${formatDuration(left)} left): sends nothing${rule.stop ? ' and stops' : ''}`,
      );
    } else {
      replies.push(render(rule, input, cand.match, deps.rng));
      fired.push(rule.ref);
      if (!deps.dryRun) deps.state.fired(rule, input, now);
      note(rule, 'fired', rule.stop ? 'fires (stop)' : 'fires (continue: lower rules may fire too)');
    }
    if (rule.stop) {
      winner = rule.ref;
      if (!trace) break;
    }
  }
  if (verdictByIndex !== undefined) {
    for (const r of set.ranked) {
      const v = verdictByIndex.get(r.ref.index);
      if (v !== undefined) verdicts.push(v);
    }
  }

  let reason: Decision['reason'] = replies.length > 0 ? 'rule' : suppressed ? 'cooldown' : 'none';
  const fb = set.fallback;
  if (fb !== undefined) {
    let v: { code: VerdictCode; why: string } | undefined;
    if (fired.length > 0) v = { code: 'not-needed', why: 'a rule took the message' };
    else {
      v = preGate(fb, input) ?? postGate(fb, input, deps.now);
      if (v === undefined) {
        const left = deps.state.cooldownLeft(fb, input, now);
        fired.push(fb.ref);
        if (left > 0) {
          reason = 'cooldown';
          v = { code: 'cooldown', why: `cooling down (${formatDuration(left)} left): sends nothing` };
        } else {
          reason = 'fallback';
          replies.push(render(fb, input, undefined, deps.rng));
          if (!deps.dryRun) deps.state.fired(fb, input, now);
          v = { code: 'fired', why: 'no rule fired, so the fallback answers' };
        }
        if (fb.stop) winner = fb.ref;
      }
    }
    if (trace) verdicts.push({ rule: fb.ref, code: v.code, why: v.why });
  }
  return { decision: { reason, replies, rules: fired, continue: winner === undefined }, verdicts };
}
