import { type Clock, systemClock } from '../clock/clock.js';
import { BotError, ConfigError } from '../errors.js';
import type { Composer } from './composer.js';
import type { BotApi, Context } from './context.js';
import type { BotEvents, EventSource } from './events.js';
import { boundary, type MiddlewareFn, toBotError } from './middleware.js';
import { type Plugin, validatePluginOptions } from './plugin.js';
import { type PluginErrorReporter, PluginScope } from './plugin-scope.js';

const running = new WeakMap<Context, string>();

/** The plugin handling `ctx` right now, if any (used to name the culprit of a timeout). */
export function activePlugin(ctx: Context): string | undefined {
  return running.get(ctx);
}

/** Options of the {@link PluginHost}. */
export interface PluginHostOptions<C extends Context> {
  /** The bot's composer: each plugin is mounted on it, in load order, after what is already there. */
  readonly composer: Composer<C>;
  readonly api: BotApi;
  /** Where `bot.events` of plugins subscribe (the Bot's emitter). */
  readonly events: EventSource<BotEvents>;
  /** Called for every plugin failure: middleware, listeners, timers, disposers. */
  readonly onError: PluginErrorReporter;
  readonly clock?: Clock;
}

interface Loaded {
  scope: PluginScope;
  inner: MiddlewareFn<Context>;
  unmount: () => void;
  ready: Promise<void>;
}

/** Where a plugin is in its life. */
export type PluginState = 'loading' | 'active' | 'failed';

/**
 * A plugin's state for `bot.pluginStatus()`, the health endpoint and `wxbot status`: loading,
 * active, or failed with the error (a failed plugin is unloaded; the others keep running).
 */
export interface PluginStatus {
  readonly name: string;
  readonly state: PluginState;
  /** Why it failed (`failed`), or why the last reload was refused while the old options kept running. */
  readonly error?: string;
  /** When it entered this state (ms since epoch, on the bot's clock). */
  readonly since: number;
  /** Times its options were reloaded without a restart. */
  readonly reloads: number;
}

/**
 * Loads and unloads plugins. Each plugin gets a {@link PluginScope} (its `bot`), mounted on the
 * bot's composer behind an error boundary: when the plugin throws, the error is reported with
 * its name and the rest of the chain still runs. Unloading removes its middleware, listeners,
 * timers and runs its disposers.
 *
 * @example
 * const host = new PluginHost({ composer: bot, api, events: bot, onError });
 * host.load(autoreply, { rules: [{ match: 'hi', reply: 'hello' }] });
 * await host.unloadAll(); // on stop
 */
export class PluginHost<C extends Context = Context> {
  private readonly loaded = new Map<string, Loaded>();
  private readonly status = new Map<string, PluginStatus>();
  private readonly clock: Clock;

  constructor(private readonly options: PluginHostOptions<C>) {
    this.clock = options.clock ?? systemClock;
  }

  /** Names of loaded plugins, in load order. */
  get names(): readonly string[] {
    return [...this.loaded.keys()];
  }

  /** The scope of a loaded plugin (diagnostics, tests). */
  scope(name: string): PluginScope | undefined {
    return this.loaded.get(name)?.scope;
  }

  /** Every plugin loaded or failed, in load order. */
  statuses(): PluginStatus[] {
    return [...this.status.values()];
  }

  /**
   * Replace a loaded plugin's options (or its code) in place: the new setup runs first, and only
   * when it succeeds does it take the old one's place in the chain (same position) and the old
   * scope is disposed. A bad value or a failing setup leaves the running instance untouched and
   * throws (ConfigError / BotError `PLUGIN_RELOAD`). Not loaded yet: loads it.
   */
  async reload<I, O>(plugin: Plugin<I, O>, options?: I): Promise<void> {
    const entry = this.loaded.get(plugin.name);
    if (!entry) return this.load(plugin, options);
    await entry.ready.catch(() => undefined);
    const previous = this.status.get(plugin.name);
    let validated: O;
    try {
      validated = validatePluginOptions(plugin, options);
    } catch (error) {
      this.refused(plugin.name, previous, error);
      throw error;
    }
    const scope = this.newScope(plugin.name);
    try {
      const disposer = await plugin.setup(scope, validated);
      if (typeof disposer === 'function') scope.onDispose(disposer);
    } catch (error) {
      await scope.dispose();
      this.refused(plugin.name, previous, error);
      throw new BotError(
        `plugin "${plugin.name}" could not reload; it keeps its previous options: ${reasonOf(error)}`,
        {
          cause: error,
          plugin: plugin.name,
          code: 'PLUGIN_RELOAD',
        },
      );
    } finally {
      scope.freeze(frozenMessage(plugin.name));
    }
    const old = entry.scope;
    entry.scope = scope;
    entry.inner = scope.middleware();
    this.status.set(plugin.name, {
      name: plugin.name,
      state: 'active',
      since: this.clock.now(),
      reloads: (previous?.reloads ?? 0) + 1,
    });
    await old.dispose();
  }

  /**
   * Validate options and load a plugin. Bad options or a duplicate name throw a `ConfigError`
   * right away; the plugin takes its place in the chain at once (load order = chain order).
   * The promise settles when `setup` finished; if `setup` fails, the plugin is unloaded again
   * and the promise rejects with a `BotError` naming it.
   */
  load<I, O>(plugin: Plugin<I, O>, options?: I): Promise<void> {
    if (this.loaded.has(plugin.name)) {
      throw new ConfigError(
        'name',
        `plugin "${plugin.name}" is already loaded; unload it first or rename one`,
      );
    }
    const validated = validatePluginOptions(plugin, options);
    const scope = this.newScope(plugin.name);
    const entry: Loaded = {
      scope,
      inner: scope.middleware(),
      unmount: () => undefined,
      ready: Promise.resolve(),
    };
    entry.unmount = this.options.composer.mount(this.slot(entry) as MiddlewareFn<C>);
    this.loaded.set(plugin.name, entry);
    this.status.set(plugin.name, {
      name: plugin.name,
      state: 'loading',
      since: this.clock.now(),
      reloads: 0,
    });
    entry.ready = this.setup(plugin, entry, validated);
    // The failure is also reported through onError, so an un-awaited load() never goes unnoticed.
    entry.ready.catch(() => undefined);
    return entry.ready;
  }

  /** Unload one plugin: everything it registered is undone. No-op when not loaded. */
  async unload(name: string): Promise<void> {
    const entry = this.loaded.get(name);
    if (!entry) return;
    this.loaded.delete(name);
    this.status.delete(name);
    entry.unmount();
    await entry.ready.catch(() => undefined);
    await entry.scope.dispose();
  }

  /** Unload every plugin, last loaded first (call on bot stop). */
  async unloadAll(): Promise<void> {
    for (const name of [...this.loaded.keys()].reverse()) await this.unload(name);
  }

  private async setup<I, O>(plugin: Plugin<I, O>, entry: Loaded, options: O): Promise<void> {
    const { scope } = entry;
    try {
      const disposer = await plugin.setup(scope, options);
      if (typeof disposer === 'function') scope.onDispose(disposer);
      if (this.loaded.get(plugin.name) === entry) {
        this.status.set(plugin.name, {
          name: plugin.name,
          state: 'active',
          since: this.clock.now(),
          reloads: 0,
        });
      }
    } catch (error) {
      if (this.loaded.get(plugin.name) === entry) this.loaded.delete(plugin.name);
      entry.unmount();
      await scope.dispose();
      const reason = reasonOf(error);
      this.status.set(plugin.name, {
        name: plugin.name,
        state: 'failed',
        error: reason,
        since: this.clock.now(),
        reloads: 0,
      });
      const failure = new BotError(`plugin "${plugin.name}" failed to set up and was unloaded: ${reason}`, {
        cause: error,
        plugin: plugin.name,
        code: 'PLUGIN_SETUP',
      });
      this.options.onError(failure, undefined);
      throw failure;
    } finally {
      // Middleware is folded once: a plugin registers it during setup() or not at all.
      scope.freeze(frozenMessage(plugin.name));
    }
  }

  private newScope(name: string): PluginScope {
    return new PluginScope(name, this.options.api, this.options.events, this.clock, this.options.onError);
  }

  // A refused reload: the running instance stays, its status says why the new options were not taken.
  private refused(name: string, previous: PluginStatus | undefined, error: unknown): void {
    if (!previous) return;
    this.status.set(name, { ...previous, error: `reload refused: ${reasonOf(error)}` });
  }

  /** The plugin's place in the chain: its middleware inside an error boundary. It reads the entry on every message, so a reload swaps the plugin in the same position. */
  private slot(entry: Loaded): MiddlewareFn<Context> {
    const onError = this.options.onError;
    const hooks = {
      enter: (ctx: Context) => void running.set(ctx, entry.scope.name),
      exit: (ctx: Context) => void running.delete(ctx),
    };
    // One plugin's failure must not stop the others: report it, then go on.
    const guarded = boundary<Context>(
      (ctx, next) => entry.inner(ctx, next),
      (error, ctx, next) => {
        onError(toBotError(error, ctx, entry.scope.name), ctx);
        return next();
      },
      hooks,
    );
    return (ctx, next) => (entry.scope.disposed ? next() : guarded(ctx, next));
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function frozenMessage(name: string): string {
  return (
    `plugin "${name}" tried to register middleware after its setup() finished; the chain is ` +
    'built once, so register all middleware inside setup() (listeners and timers may come later)'
  );
}
