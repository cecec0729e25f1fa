export { formatDuration, parseDuration } from '@wxbot/core';
export { Autoreply, type AutoreplyOptions, createAutoreply, type ReloadResult } from './autoreply.js';
export { type CompileOptions, compileRules, type RuleSet } from './compile.js';
export { AutoreplyConfigError, type ConfigIssue } from './config-error.js';
export { describeRule, formatExplanation, listRules } from './explain.js';
export { type Candidate, RuleMatcher } from './matcher.js';
export {
  type AutoreplyConfig,
  autoreplyConfigSchema,
  type FallbackConfig,
  type ReplyConfig,
  RULE_KINDS,
  type RuleConfig,
  type RuleKind,
} from './schema.js';
export { AutoreplyState, chatKey } from './state.js';
export type * from './types.js';
