import { type CompileOptions, compileRules, type RuleSet } from './compile.js';
import { evaluate } from './evaluate.js';
import { formatExplanation, listRules } from './explain.js';
import { AutoreplyState, chatKey } from './state.js';
import type { AutoreplyInput, Decision, Explanation, RuleRef } from './types.js';

/** Runtime options of the engine (things that are not in the config file). */
export interface AutoreplyOptions extends CompileOptions {
  /** Random numbers in [0, 1) for picking among replies (default `Math.random`). Inject a seeded one in tests. */
  readonly rng?: () => number;
  /** Current time in ms (default `Date.now`). Used when the input has no `now`. */
  readonly clock?: () => number;
  /** Reads the rules config again, for `/autoreply reload` (given by the CLI/config layer). */
  readonly load?: () => unknown;
}

/** The outcome of a reload. On failure the old rules stay in force. */
export type ReloadResult =
  | { readonly ok: true; readonly rules: number }
  | { readonly ok: false; readonly error: Error };

const COMMAND_REF: RuleRef = { index: -2, name: undefined, id: undefined, label: 'owner command' };

/**
 * The auto-reply engine: compiled rules, cooldown and pause state, owner commands, explain.
 * Pure of any bot API: feed it {@link AutoreplyInput}s and act on the {@link Decision}s.
 *
 * @example
 * const ar = createAutoreply({ rules: [{ match: 'hello', reply: 'hi {sender}' }] });
 * const d = await ar.handle({ kind: 'text', text: 'hello', chat: { kind: 'private', id: 'u1', name: 'Ann' }, sender: { id: 'u1', name: 'Ann' } });
 * d.replies[0]?.text; // 'hi Ann'
 */
export class Autoreply {
  /** Cooldowns and paused chats. */
  readonly state = new AutoreplyState();
  #set: RuleSet;
  readonly #options: AutoreplyOptions;

  /** Throws `AutoreplyConfigError` when the config is invalid. */
  constructor(config: unknown, options: AutoreplyOptions = {}) {
    this.#options = options;
    this.#set = compileRules(config, options);
  }

  /** The rules in force. */
  get rules(): RuleSet {
    return this.#set;
  }

  #now(input: AutoreplyInput): Date {
    return input.now ?? new Date((this.#options.clock ?? Date.now)());
  }

  /** Applies the rules to a message (no owner commands) and records cooldowns. Synchronous and fast. */
  decide(input: AutoreplyInput): Decision {
    const deps = {
      state: this.state,
      rng: this.#options.rng ?? Math.random,
      now: this.#now(input),
      dryRun: false,
    };
    return evaluate(this.#set, input, deps, false).decision;
  }

  /** What would happen to `input`, and why for every rule. Changes no state. */
  explain(input: AutoreplyInput): Explanation {
    const deps = {
      state: this.state,
      rng: this.#options.rng ?? Math.random,
      now: this.#now(input),
      dryRun: true,
    };
    const { decision, verdicts } = evaluate(this.#set, input, deps, true);
    return { input, decision, verdicts };
  }

  /** True when the sender may use owner commands (listed in `owners` by id, name or alias; or the bot itself). */
  isOwner(input: AutoreplyInput): boolean {
    if (input.self === true) return this.#set.selfIsOwner;
    const { owners } = this.#set;
    const s = input.sender;
    return (
      owners.has(s.id) ||
      (s.name !== '' && owners.has(s.name)) ||
      (s.alias !== undefined && s.alias !== '' && owners.has(s.alias))
    );
  }

  /**
   * Handles a message: an owner command (`/autoreply pause|resume|rules|reload|explain <text>`)
   * gets its answer; anything else goes through {@link decide}.
   */
  async handle(input: AutoreplyInput): Promise<Decision> {
    const cmd = this.#parseCommand(input);
    if (cmd === undefined) return this.decide(input);
    const text = await this.#runCommand(cmd.verb, cmd.rest, input);
    return {
      reason: 'command',
      replies: [{ rule: COMMAND_REF, text, mention: false }],
      rules: [],
      continue: false,
    };
  }

  /**
   * Re-reads the rules (from `raw`, or through the `load` option) and swaps them in atomically
   * if they validate; otherwise keeps the current rules and returns the error.
   */
  async reload(raw?: unknown): Promise<ReloadResult> {
    try {
      let next = raw;
      if (next === undefined) {
        const load = this.#options.load;
        if (load === undefined)
          throw new Error('reload is not available: no config loader was given to the plugin');
        next = await load();
      }
      this.#set = compileRules(next, this.#options);
      return { ok: true, rules: this.#set.rules.length };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  #parseCommand(input: AutoreplyInput): { verb: string; rest: string } | undefined {
    if (input.kind !== 'text' && input.kind !== 'quote') return undefined;
    const text = input.text.trim();
    const word = this.#set.command;
    if (!text.startsWith(word)) return undefined;
    const after = text.slice(word.length);
    if (after !== '' && !/^\s/.test(after)) return undefined;
    if (!this.isOwner(input)) return undefined;
    const body = after.trim();
    const space = body.search(/\s/);
    return space < 0
      ? { verb: body.toLowerCase(), rest: '' }
      : { verb: body.slice(0, space).toLowerCase(), rest: body.slice(space).trim() };
  }

  async #runCommand(verb: string, rest: string, input: AutoreplyInput): Promise<string> {
    const chat = chatKey(input);
    const word = this.#set.command;
    switch (verb) {
      case 'pause':
        return this.state.pause(chat)
          ? `Auto-reply paused in this chat. Send "${word} resume" to turn it back on.`
          : 'Auto-reply was already paused in this chat.';
      case 'resume':
        return this.state.resume(chat)
          ? 'Auto-reply resumed in this chat.'
          : 'Auto-reply was not paused in this chat.';
      case 'rules':
        return listRules(this.#set).join('\n');
      case 'reload': {
        const r = await this.reload();
        return r.ok
          ? `Reloaded: ${r.rules} rule(s) in force.`
          : `Reload failed, the old rules stay in force.\n${r.error.message}`;
      }
      case 'explain': {
        if (rest === '') return `Usage: ${word} explain <text>`;
        // Explain as a mentioned message from the owner, so mention-only rules are shown as they would fire.
        const e = this.explain({ ...input, text: rest, self: false, isMentioned: true });
        return formatExplanation(e).join('\n');
      }
      default:
        return `Usage: ${word} pause | resume | rules | reload | explain <text>`;
    }
  }
}

/** Creates the engine. Throws `AutoreplyConfigError` when the config is invalid. */
export function createAutoreply(config: unknown, options: AutoreplyOptions = {}): Autoreply {
  return new Autoreply(config, options);
}
