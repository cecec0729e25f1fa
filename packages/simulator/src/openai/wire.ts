import type { ServerResponse } from 'node:http';

let counter = 0;

/** An id shaped like the real ones (`chatcmpl-…`). */
export function completionId(): string {
  counter += 1;
  return `chatcmpl-fake${Date.now().toString(36)}${counter.toString(36)}`;
}

/** Rough token count for the `usage` block: the fake does not tokenize, it estimates. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 3));
}

/** A non-streaming `chat.completion` body. */
export function completionBody(model: string, text: string, promptText: string, finishReason: string) {
  const prompt = roughTokens(promptText);
  const completion = roughTokens(text);
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** One `chat.completion.chunk` of a stream. */
export function chunkBody(
  id: string,
  model: string,
  delta: Record<string, unknown>,
  finishReason: string | null,
) {
  return {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** Writes an OpenAI-shaped error (`{ error: { message, type, param, code } }`). */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type = 'invalid_request_error',
  code: string | null = null,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { message, type, param: null, code } });
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Splits a text into stream chunks of a few characters, as a model streams tokens. */
export function streamPieces(text: string, size = 4): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces.length > 0 ? pieces : [''];
}
