import { createAutoreply } from './engine/autoreply.js';
import { formatExplanation } from './engine/explain.js';
import type { AutoreplyInput } from './engine/types.js';

/** What `wxbot explain "text" --group NAME --from NAME` asks. */
export interface ExplainQuery {
  readonly text: string;
  /** Message kind (default `text`). */
  readonly kind?: string;
  /** Pretend it was said in this group (name or id); a private chat otherwise. */
  readonly group?: string;
  /** Who said it (name, alias or id; default `someone`). */
  readonly from?: string;
  /** The bot was @-mentioned (groups; default false). */
  readonly mentioned?: boolean;
  /** When (default now). */
  readonly now?: Date;
}

/**
 * Explains which rule would answer a message and why each other rule would not, as printable
 * lines. Throws `AutoreplyConfigError` when the rules are invalid (print its message).
 *
 * @example
 * for (const line of explain(config.autoreply, { text: '天气 北京', group: 'Hikers', from: 'Bob', mentioned: true })) {
 *   console.log(line);
 * }
 */
export function explain(rulesConfig: unknown, query: ExplainQuery | AutoreplyInput): string[] {
  const engine = createAutoreply(rulesConfig);
  const input: AutoreplyInput = 'chat' in query ? query : toInput(query);
  return formatExplanation(engine.explain(input));
}

function toInput(q: ExplainQuery): AutoreplyInput {
  const from = q.from ?? 'someone';
  return {
    kind: q.kind ?? 'text',
    text: q.text,
    chat:
      q.group === undefined
        ? { kind: 'private', id: from, name: from }
        : { kind: 'group', id: q.group, name: q.group },
    sender: { id: from, name: from, alias: from },
    isMentioned: q.mentioned ?? false,
    self: false,
    now: q.now,
  };
}
