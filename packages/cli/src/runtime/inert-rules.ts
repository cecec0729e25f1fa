import type { PluginEntry } from '../config/schema.js';
import { AUTOREPLY_PACKAGE } from './bundled-plugins.js';

/**
 * Auto-reply rules that can only fire in groups (`scope: group`, a `groups` list, `mentionOnly`),
 * by name or position: on a transport without groups (iLink) they never match, and the user is told
 * so at start rather than left wondering.
 *
 * @example
 * groupOnlyRules(config.plugins); // ['hello', 'rule 3']
 */
export function groupOnlyRules(plugins: readonly PluginEntry[]): string[] {
  return groupOnlyRuleDetails(plugins).map((r) => r.name ?? `rule ${r.index + 1}`);
}

/** A group-only rule: its index in `rules`, its name if it has one, and what makes it group-only. */
export interface GroupOnlyRule {
  readonly index: number;
  readonly name: string | undefined;
  readonly why: string;
}

/** Like {@link groupOnlyRules}, with each rule's index and the setting that ties it to groups. */
export function groupOnlyRuleDetails(plugins: readonly PluginEntry[]): GroupOnlyRule[] {
  const out: GroupOnlyRule[] = [];
  for (const entry of plugins) {
    if (!entry.enabled || entry.name !== AUTOREPLY_PACKAGE) continue;
    const rules = entry.options.rules;
    if (!Array.isArray(rules)) continue;
    rules.forEach((raw: unknown, index) => {
      if (typeof raw !== 'object' || raw === null) return;
      const rule = raw as { name?: unknown; scope?: unknown; groups?: unknown; mentionOnly?: unknown };
      const why =
        rule.scope === 'group'
          ? 'scope: group'
          : rule.groups !== undefined
            ? 'a groups list'
            : rule.mentionOnly === true
              ? 'mentionOnly'
              : undefined;
      if (why !== undefined)
        out.push({ index, name: typeof rule.name === 'string' ? rule.name : undefined, why });
    });
  }
  return out;
}

/** The one warning line about {@link groupOnlyRules} on a transport without groups, or undefined. */
export function inertGroupRulesWarning(
  plugins: readonly PluginEntry[],
  transport: string,
): string | undefined {
  const names = groupOnlyRules(plugins);
  if (names.length === 0) return undefined;
  return `wxbot: warning: ${names.length} auto-reply rule(s) only for groups (${names.join(', ')}) are inert on ${transport}: it has direct messages only`;
}
