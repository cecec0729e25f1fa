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
  const out: string[] = [];
  for (const entry of plugins) {
    if (!entry.enabled || entry.name !== AUTOREPLY_PACKAGE) continue;
    const rules = entry.options.rules;
    if (!Array.isArray(rules)) continue;
    rules.forEach((raw: unknown, index) => {
      if (typeof raw !== 'object' || raw === null) return;
      const rule = raw as { name?: unknown; scope?: unknown; groups?: unknown; mentionOnly?: unknown };
      if (rule.scope === 'group' || rule.groups !== undefined || rule.mentionOnly === true) {
        out.push(typeof rule.name === 'string' ? rule.name : `rule ${index + 1}`);
      }
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
