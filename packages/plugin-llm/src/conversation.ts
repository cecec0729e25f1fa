import type { LlmInput } from './input.js';
import { fitHistory, type Turn, turn } from './memory.js';
import type { ChatMessage } from './model-client.js';
import type { LlmOptions } from './options.js';
import { personaFor, renderPersona } from './persona.js';
import { estimateTokens } from './tokens.js';

/** What is sent to the model for one question, and what memory keeps of it. */
export interface Prompt {
  readonly messages: readonly ChatMessage[];
  /** The question as memory keeps it (images as a note). */
  readonly question: Turn;
  /** Earlier messages sent along (after the token budget). */
  readonly historySent: number;
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Builds the messages for the model: the persona (placeholders filled), the most recent
 * remembered messages that fit the token budget, and the question. In a shared group memory
 * each question is written "Name: question" so the model knows who said what.
 */
export function buildPrompt(
  input: LlmInput,
  question: string,
  history: readonly Turn[],
  options: LlmOptions,
  image?: { readonly dataUrl: string },
): Prompt {
  const system = renderPersona(personaFor(input, options.persona), input, options.serviceHours?.timezone);
  const asked = clip(question, options.limits.maxQuestionChars);
  const shared = input.chat.kind === 'group' && options.group.memory === 'shared';
  const content = shared ? `${input.sender.name}: ${asked}` : asked;
  const remembered = turn('user', image === undefined ? content : `[image] ${content}`);
  const kept = fitHistory(history, estimateTokens(system), remembered, options.memory.maxTokens);
  const last: ChatMessage =
    image === undefined
      ? { role: 'user', content }
      : {
          role: 'user',
          content: [
            { type: 'text', text: content },
            { type: 'image_url', image_url: { url: image.dataUrl } },
          ],
        };
  return {
    messages: [
      { role: 'system', content: system },
      ...kept.map((t): ChatMessage => ({ role: t.role, content: t.content })),
      last,
    ],
    question: remembered,
    historySent: kept.length,
  };
}
