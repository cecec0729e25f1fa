/**
 * `@wxbot/console`: a web console served from the bot process — QR login in the browser, live
 * status and chats, plugin option forms generated from each plugin's schema, a log tail, and the
 * sandbox's simulated people. Safe by default: loopback, token, SameSite=Strict session cookie.
 *
 * @example
 * import { startConsole } from '@wxbot/console';
 * const web = await startConsole(bot);
 * console.log(`console: ${web.url}`);
 */
export { ConsoleAuth, generateToken, isLoopbackHost } from './auth.js';
export { ChatLog, type ChatLogEvents, type ChatLogOptions, type ChatSummary } from './chat-log.js';
export { ConsoleError, type ConsoleErrorCode } from './errors.js';
export type {
  ConsolePlugin,
  PluginChangeResult,
  PluginManager,
  SandboxBridge,
  SandboxCastView,
} from './host.js';
export { createLogTail, type LogEntry, type LogTail, type LogTailOptions } from './log-tail.js';
export {
  type LoginPhase,
  LoginState,
  type LoginStateEvents,
  type LoginStep,
  type LoginView,
} from './login-state.js';
export type { MessageView } from './message-view.js';
export type { ConsoleOptions } from './options.js';
export { jsonSchemaOf, type PluginView } from './plugins-view.js';
export { startConsole, type WebConsole } from './server.js';
export type { StatusView } from './status.js';
