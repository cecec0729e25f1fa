/**
 * What the program hosting the console (the `wxbot` CLI) lends it: managing plugins through the
 * config file, and the sandbox's simulated people. Both are optional; without them the pages show
 * what the bot itself knows and say what they cannot do.
 */

/** One plugin as the Plugins page lists it. */
export interface ConsolePlugin {
  readonly name: string;
  /** Where it comes from, as written in the config (`@wxbot/plugin-autoreply`, `./my-plugin.ts`). */
  readonly source: string;
  readonly enabled: boolean;
  /** The options it runs with (or would run with, when disabled). */
  readonly options: unknown;
  /** The plugin's zod schema, if it has one: the page's form is generated from it. */
  readonly schema?: unknown;
  /**
   * A zod schema that describes the options' shape for the form when `schema` only validates
   * (e.g. a `z.custom` check): the form comes from this one, the plugin's `schema` still decides.
   */
  readonly formSchema?: unknown;
}

/** What a plugin change did. */
export interface PluginChangeResult {
  /** Written to the config file. */
  readonly saved: boolean;
  /** One line for the page: what happened and, when it could not, what to do. */
  readonly message: string;
}

/** Manages plugins for the Plugins page (the CLI does it through the config file and its live reload). */
export interface PluginManager {
  /** The plugins of the config, enabled or not, in config order. */
  list(): Promise<readonly ConsolePlugin[]>;
  /**
   * Validate new options against the plugin's schema, save them, and apply them (reload). Rejects
   * with a `ConfigError` whose message names the bad field when they are invalid.
   */
  setOptions(name: string, options: unknown): Promise<PluginChangeResult>;
  /** Enable (load) or disable (unload) a plugin, and save that. */
  setEnabled(name: string, enabled: boolean): Promise<PluginChangeResult>;
  /** Set the plugin up again with its current options (e.g. after editing its files). */
  reload(name: string): Promise<PluginChangeResult>;
}

/** Who can speak in the sandbox. */
export interface SandboxCastView {
  readonly friends: readonly string[];
  readonly groups: readonly { readonly name: string; readonly members: readonly string[] }[];
  /**
   * The bot's chat id for a friend or group name, when names alone do not find it (iLink: the
   * chat is the user's id, and the bot knows no names).
   */
  readonly chats?: Readonly<Record<string, string>>;
}

/** The sandbox's simulated WeChat, for the Sandbox page (`wxbot start --sandbox --console`). */
export interface SandboxBridge {
  /** The simulated friends and groups. */
  cast(): SandboxCastView;
  /**
   * A simulated friend (or, with `group`, a member of that group) sends `text` to the bot.
   * `@bot` in a group mentions the bot. Rejects with a message that names who exists when `as`
   * or `group` is unknown. May resolve with the bot's chat id of the conversation.
   */
  say(input: {
    readonly as: string;
    readonly group?: string;
    readonly text: string;
  }): Promise<{ readonly chat?: string } | undefined>;
}
