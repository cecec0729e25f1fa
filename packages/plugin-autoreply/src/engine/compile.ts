import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '@wxbot/core';
import { AutoreplyConfigError, type ConfigIssue } from './config-error.js';
import { semanticIssue, toConfigIssues } from './issues.js';
import { RuleMatcher } from './matcher.js';
import { compileRegex } from './regex.js';
import {
  type AutoreplyConfig,
  autoreplyConfigSchema,
  type FallbackConfig,
  type ReplyConfig,
  type RuleConfig,
} from './schema.js';
import { compileTemplate, type TemplateScope } from './template.js';
import { parseDays, parseHours, type TimeWindow } from './time-window.js';
import type { AllowDeny, CompiledMatch, CompiledReply, CompiledRule, RuleRef } from './types.js';

/** Options for {@link compileRules}. */
export interface CompileOptions {
  /** Prefix for error paths, e.g. `plugins[1]` so errors read `plugins[1].rules[0].match`. */
  readonly path?: string;
  /** Directory that relative `image`/`file` paths are resolved against (default: kept as written). */
  readonly baseDir?: string;
}

/** A validated rule set, ready to match. Immutable: reload builds a new one and swaps it. */
export interface RuleSet {
  /** Rules in config order. */
  readonly rules: readonly CompiledRule[];
  /** Rules in evaluation order: priority (high first), then config order. */
  readonly ranked: readonly CompiledRule[];
  readonly fallback: CompiledRule | undefined;
  readonly owners: ReadonlySet<string>;
  /** Owner command word, default `/autoreply`. */
  readonly command: string;
  readonly selfIsOwner: boolean;
  readonly matcher: RuleMatcher;
}

type Issues = ConfigIssue[];

/**
 * Validates a raw autoreply config (parsed YAML/JSON) and compiles it.
 * Throws {@link AutoreplyConfigError} listing every problem, each naming the rule and the path.
 *
 * @example
 * const set = compileRules({ rules: [{ match: 'hello', reply: 'hi {sender}' }] });
 */
export function compileRules(raw: unknown, options: CompileOptions = {}): RuleSet {
  const base = options.path ?? '';
  const parsed = autoreplyConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new AutoreplyConfigError(toConfigIssues(parsed.error.issues, raw, base));
  const config: AutoreplyConfig = parsed.data;
  const issues: Issues = [];
  const ignoreCase = config.ignoreCase ?? true;
  const ctx = { raw, base, issues, ignoreCase, timezone: config.timezone, baseDir: options.baseDir };

  const rules = (config.rules ?? []).map((r, i) => compileRule(r, i, ctx));
  const fallback = config.fallback === undefined ? undefined : compileRule(config.fallback, -1, ctx);
  if (issues.length > 0) throw new AutoreplyConfigError(issues);

  const ranked = [...rules].sort((a, b) => b.priority - a.priority || a.ref.index - b.ref.index);
  return {
    rules,
    ranked,
    fallback,
    owners: new Set(config.owners ?? []),
    command: config.command ?? '/autoreply',
    selfIsOwner: config.selfIsOwner ?? true,
    matcher: new RuleMatcher(ranked),
  };
}

interface Ctx {
  readonly raw: unknown;
  readonly base: string;
  readonly issues: Issues;
  readonly ignoreCase: boolean;
  readonly timezone: string | undefined;
  readonly baseDir: string | undefined;
}

function refOf(r: { name?: string | undefined; id?: string | undefined }, index: number): RuleRef {
  const bits: string[] = [];
  if (r.name !== undefined) bits.push(`name ${JSON.stringify(r.name)}`);
  if (r.id !== undefined) bits.push(`id ${JSON.stringify(r.id)}`);
  const at = index < 0 ? 'fallback' : `rules[${index}]`;
  return {
    index,
    name: r.name,
    id: r.id,
    label: bits.length === 0 || index < 0 ? at : `${at} (${bits.join(', ')})`,
  };
}

function compileRule(r: RuleConfig | FallbackConfig, index: number, ctx: Ctx): CompiledRule {
  const path: PropertyKey[] = index < 0 ? ['fallback'] : ['rules', index];
  const ref = refOf(r, index);
  const isRule = 'match' in r;
  const ignoreCase = isRule ? (r.ignoreCase ?? ctx.ignoreCase) : ctx.ignoreCase;
  const match: CompiledMatch = isRule ? compileMatch(r.match, ignoreCase) : { type: 'any' };
  const scope: TemplateScope =
    match.type === 'regex'
      ? { isRegex: true, groupCount: match.regex.groupCount, groupNames: match.regex.groupNames }
      : { isRegex: false, groupCount: 0, groupNames: [] };
  const cd = r.cooldown;
  const cooldown =
    cd === undefined
      ? { perChatMs: 0, perSenderMs: 0 }
      : typeof cd === 'string'
        ? { perChatMs: parseDuration(cd) ?? 0, perSenderMs: 0 }
        : {
            perChatMs: parseDuration(cd.perChat ?? '') ?? 0,
            perSenderMs: parseDuration(cd.perSender ?? '') ?? 0,
          };
  if (r.outside === true && r.hours === undefined && r.days === undefined) {
    ctx.issues.push(
      semanticIssue(
        ctx.raw,
        [...path, 'outside'],
        ctx.base,
        'expected `hours` or `days` with `outside: true` (outside of what?)',
      ),
    );
  }
  return {
    ref,
    key: r.id !== undefined ? `id:${r.id}` : r.name !== undefined ? `name:${r.name}` : `#${index}`,
    match,
    ignoreCase,
    kinds: new Set(r.kinds ?? ['text']),
    scope: r.scope ?? 'both',
    groups: allowDeny(r.groups),
    contacts: allowDeny(r.contacts),
    mentionOnly: r.mentionOnly ?? true,
    mentionAll: r.mentionAll ?? true,
    priority: isRule ? (r.priority ?? 0) : 0,
    stop: r.stop ?? true,
    cooldown,
    window: timeWindow(r, ctx.timezone),
    replies: compileReplies(r.reply, scope, [...path, 'reply'], ctx),
  };
}

function compileMatch(m: RuleConfig['match'], ignoreCase: boolean): CompiledMatch {
  const list = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);
  if (m.contains !== undefined) return { type: 'contains', words: list(m.contains) };
  if (m.equals !== undefined) return { type: 'equals', words: list(m.equals) };
  if (m.startsWith !== undefined) return { type: 'startsWith', words: list(m.startsWith) };
  if (m.regex !== undefined) return { type: 'regex', regex: compileRegex(m.regex, ignoreCase) };
  return { type: 'any' };
}

function allowDeny(v: RuleConfig['groups']): AllowDeny | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return { allow: new Set(v), deny: new Set() };
  return { allow: new Set(v.allow ?? []), deny: new Set(v.deny ?? []) };
}

function timeWindow(r: RuleConfig | FallbackConfig, timezone: string | undefined): TimeWindow | undefined {
  if (r.hours === undefined && r.days === undefined) return undefined;
  const hours = r.hours === undefined ? [] : typeof r.hours === 'string' ? [r.hours] : r.hours;
  const label = [
    hours.join(', '),
    r.days === undefined ? '' : typeof r.days === 'string' ? r.days : r.days.join(','),
  ]
    .filter((s) => s !== '')
    .join(' ');
  const tz = r.timezone ?? timezone;
  return {
    ranges: hours.map(parseHours),
    days: r.days === undefined ? new Set() : parseDays(r.days),
    timezone: tz,
    outside: r.outside ?? false,
    label: tz === undefined ? label : `${label} ${tz}`,
  };
}

function compileReplies(
  reply: ReplyConfig,
  scope: TemplateScope,
  path: PropertyKey[],
  ctx: Ctx,
): CompiledReply[] {
  const media = (p: string | undefined): string | undefined =>
    p === undefined || ctx.baseDir === undefined || isAbsolute(p) ? p : resolve(ctx.baseDir, p);
  const template = (t: string, at: PropertyKey[]) => {
    try {
      return compileTemplate(t, scope);
    } catch (e) {
      ctx.issues.push(semanticIssue(ctx.raw, at, ctx.base, `the reply text ${(e as Error).message}`));
      return undefined;
    }
  };
  const fromItem = (item: ReplyConfig, at: PropertyKey[]): CompiledReply[] => {
    if (typeof item === 'string')
      return [{ text: template(item, at), image: undefined, file: undefined, mention: false }];
    if (Array.isArray(item)) return item.flatMap((x, i) => fromItem(x, [...at, i]));
    const texts =
      item.text === undefined ? [undefined] : typeof item.text === 'string' ? [item.text] : item.text;
    return texts.map((t, i) => ({
      text:
        t === undefined
          ? undefined
          : template(t, typeof item.text === 'string' ? [...at, 'text'] : [...at, 'text', i]),
      image: media(item.image),
      file: media(item.file),
      mention: item.mention ?? false,
    }));
  };
  return fromItem(reply, path);
}
