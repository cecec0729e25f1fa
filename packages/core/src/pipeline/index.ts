export { Composer, type ErrorHandler, FROZEN_AT_START } from './composer.js';
export {
  type BotApi,
  type CommandMatch,
  Context,
  type ContextOptions,
  type ReplyContent,
  type ReplyMedia,
  type ReplyOptions,
} from './context.js';
export { type BotErrorHandler, Dispatcher, type DispatcherOptions } from './dispatcher.js';
export type { BotEvents, EventMap, EventSource } from './events.js';
export {
  type CommandContext,
  type CommandSpec,
  type ContextGuard,
  DEFAULT_COMMAND_PREFIX,
  type HearsContext,
  isGroup,
  isKind,
  isMentioned,
  isPrivate,
  isSelf,
  isText,
  type KindContext,
  matchCommand,
  splitArgs,
  type TextKind,
  type Trigger,
} from './filters.js';
export {
  concat,
  flatten,
  fold,
  type Middleware,
  type MiddlewareFn,
  type MiddlewareObj,
  type NextFunction,
  pass,
  run,
} from './middleware.js';
export {
  type CancelTimer,
  type ComposerApi,
  type DisposableLike,
  type Disposer,
  definePlugin,
  type Plugin,
  type PluginContext,
  type ScopedEvents,
  type SetupResult,
  validatePluginOptions,
} from './plugin.js';
export {
  activePlugin,
  PluginHost,
  type PluginHostOptions,
  type PluginState,
  type PluginStatus,
} from './plugin-host.js';
export { type PluginErrorReporter, PluginScope } from './plugin-scope.js';
export {
  ChatScheduler,
  DeadlineExceededError,
  type ScheduledTask,
  type SchedulerOptions,
} from './scheduler.js';
