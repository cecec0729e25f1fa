import { estimateTokenCount } from 'tokenx';

/** What one chat message costs besides its text (role and separators), as OpenAI documents it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/**
 * Estimates the tokens of a text for the memory budget. Models differ (DeepSeek, Qwen and GPT
 * each have their own tokenizer), so this is an estimate, not a count: `tokenx` prices CJK
 * characters about one token each and Latin words by their length, within a few percent of
 * the real tokenizers for chat text. Keep a margin below the model's context window.
 *
 * @example
 * estimateTokens('你好，今天天气怎么样？'); // ≈ 10
 */
export function estimateTokens(text: string): number {
  return estimateTokenCount(text) + MESSAGE_OVERHEAD_TOKENS;
}
