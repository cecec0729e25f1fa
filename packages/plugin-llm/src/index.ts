/**
 * `@wxbot/plugin-llm`: AI replies from any OpenAI-compatible model (DeepSeek, Qwen, Kimi,
 * Ollama, vLLM…), with triggers, per-conversation memory, personas and limits.
 *
 * @example
 * // wxbot.config.yaml:
 * // plugins:
 * //   - name: '@wxbot/plugin-llm'
 * //     options: { baseURL: 'https://api.deepseek.com/v1', model: deepseek-chat, apiKeyEnv: DEEPSEEK_API_KEY }
 */

export { formatDuration, parseDuration } from '@wxbot/core';
// Advanced: the parts, for other hosts and tools.
export { buildPrompt, type Prompt } from './conversation.js';
export { ModelError, type ModelErrorCode } from './errors.js';
// The CLI's explain.
export { explainLlm, type LlmExplainQuery } from './explain.js';
export { inputFromContext, type LlmInput } from './input.js';
export { ConversationMemory, fitHistory, type MemoryOptions, type Turn, turn } from './memory.js';
export {
  type ChatMessage,
  createModelClient,
  type ModelAnswer,
  type ModelClient,
  type ModelClientOptions,
} from './model-client.js';
export { type LlmOptions, llmOptionsSchema, type RateLimitOptions } from './options.js';
export { personaFor, renderPersona } from './persona.js';
// Common: the plugin and its options.
export { createLlmPlugin, default, type LlmPluginConfig, type LlmRuntime, llm } from './plugin.js';
export { RateLimiter, type RateVerdict } from './rate-limit.js';
export { isOpen } from './service-hours.js';
export { type SplitOptions, splitAnswer } from './split.js';
export { estimateTokens } from './tokens.js';
export { decide, type SkipCode, type TriggerDecision } from './trigger.js';
