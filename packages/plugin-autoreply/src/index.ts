/**
 * `@wxbot/plugin-autoreply`: private and group auto-reply from config rules.
 *
 * @example
 * import autoreply from '@wxbot/plugin-autoreply';
 * // wxbot.config.yaml:  plugins: [{ name: '@wxbot/plugin-autoreply', options: { rules: [...] } }]
 */

// Advanced: the pure rules engine, for other bindings and tools.
export * from './engine/index.js';
export { type ExplainQuery, explain } from './explain-cli.js';
export { inputFromContext, summaryOf } from './input.js';
// Common: the plugin and the CLI's explain.
export {
  type AutoreplyPluginConfig,
  type AutoreplyRuntime,
  autoreply,
  createAutoreplyPlugin,
  default,
} from './plugin.js';
