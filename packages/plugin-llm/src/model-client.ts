import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { ModelError } from './errors.js';

/** A message sent to the model (the OpenAI chat format). */
export type ChatMessage = ChatCompletionMessageParam;

/** How to reach the model and how hard to try. */
export interface ModelClientOptions {
  readonly baseURL: string;
  /** The API key itself (read from the environment by the caller); `undefined` for keyless servers. */
  readonly apiKey: string | undefined;
  readonly model: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retry: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly maxAnswerTokens: number;
  readonly temperature?: number;
  readonly stream: boolean;
  /** Told before each retry (for logs). */
  readonly onRetry?: (error: ModelError, delayMs: number) => void;
  /** For tests: 0 ≤ x < 1, scales the back-off jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** A model's answer. */
export interface ModelAnswer {
  readonly text: string;
  /** `stop`, `length` (cut by `maxAnswerTokens`)… */
  readonly finishReason: string | undefined;
  /** Requests made (1 = no retry). */
  readonly attempts: number;
}

/** Talks to an OpenAI-compatible chat endpoint. */
export interface ModelClient {
  /** Asks for one answer; retries what can be retried; throws {@link ModelError}. */
  complete(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<ModelAnswer>;
}

// Local servers need no key, but the SDK wants one; this harmless word is sent instead.
const NO_KEY = 'no-key';
// Reasoning models served locally (DeepSeek-R1 on Ollama…) write their thoughts first.
const THINKING = /^\s*<think>[\s\S]*?<\/think>\s*/;

/**
 * Makes a client for an OpenAI-compatible endpoint through the official `openai` SDK. Its own
 * retry loop (the SDK's is off) retries network errors, timeouts and 408/409/429/5xx with
 * exponential back-off and jitter, honouring `retry-after-ms`/`retry-after` up to `maxDelayMs`.
 * Error messages never contain the key.
 *
 * @example
 * const client = createModelClient({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: undefined, model: 'qwen2.5', … });
 * const { text } = await client.complete([{ role: 'user', content: 'hi' }]);
 */
export function createModelClient(options: ModelClientOptions): ModelClient {
  const sdk = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? NO_KEY,
    maxRetries: 0,
    // Our own timer (below) ends a request after timeoutMs, stream included; the SDK's is a backstop.
    timeout: options.timeoutMs + 1000,
    defaultHeaders: { ...options.headers },
    logLevel: 'off',
  });
  const random = options.random ?? Math.random;
  const secret = options.apiKey;
  const scrub = (text: string) =>
    secret !== undefined && secret !== '' ? text.split(secret).join('***') : text;
  const where = `${options.model} at ${endpointLabel(options.baseURL)}`;

  const once = async (messages: readonly ChatMessage[], signal: AbortSignal) => {
    const body = {
      model: options.model,
      messages: [...messages],
      max_tokens: options.maxAnswerTokens,
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    };
    const request = { signal };
    if (!options.stream) {
      const completion = await sdk.chat.completions.create({ ...body, stream: false }, request);
      const choice = completion.choices[0];
      return { text: choice?.message.content ?? '', finishReason: choice?.finish_reason ?? undefined };
    }
    const stream = await sdk.chat.completions.create({ ...body, stream: true }, request);
    let text = '';
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      finishReason = choice?.finish_reason ?? finishReason;
    }
    return { text, finishReason };
  };

  return {
    async complete(messages, signal) {
      const max = options.retry.attempts + 1;
      for (let attempt = 1; ; attempt += 1) {
        const timer = AbortSignal.timeout(options.timeoutMs);
        const combined = signal === undefined ? timer : AbortSignal.any([signal, timer]);
        try {
          const answer = await once(messages, combined);
          const text = answer.text.replace(THINKING, '').trim();
          if (text === '') {
            throw new ModelError(`model ${where} answered with no text`, {
              code: 'MODEL_EMPTY',
              attempts: attempt,
            });
          }
          return { text, finishReason: answer.finishReason, attempts: attempt };
        } catch (error) {
          if (error instanceof ModelError) throw error;
          const timedOut = timer.aborted && signal?.aborted !== true;
          const failure = classify(timedOut ? TIMED_OUT : error, where, attempt, scrub, signal);
          if (!failure.retryable || attempt >= max) throw failure.error;
          const backoff = Math.min(options.retry.maxDelayMs, options.retry.baseDelayMs * 2 ** (attempt - 1));
          const jittered = backoff * (0.5 + random() / 2);
          const wait = Math.min(options.retry.maxDelayMs, Math.max(jittered, failure.retryAfterMs ?? 0));
          options.onRetry?.(failure.error, wait);
          await sleep(wait, signal);
          if (signal?.aborted) throw aborted(where, attempt);
        }
      }
    },
  };
}

/**
 * The endpoint as logs and errors show it: scheme, host and path only, so a key someone put in
 * the URL (`https://user:key@host`, `?api-key=…`) is never shown.
 */
export function endpointLabel(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

// Stands for "our timer fired": the SDK reports an abort, whichever signal caused it.
const TIMED_OUT = Symbol('timed out');

function aborted(where: string, attempts: number): ModelError {
  return new ModelError(
    `model request to ${where} abandoned (the message's deadline passed or the plugin stopped)`,
    {
      code: 'MODEL_ABORTED',
      attempts,
    },
  );
}

function classify(
  error: unknown,
  where: string,
  attempts: number,
  scrub: (text: string) => string,
  signal: AbortSignal | undefined,
): { error: ModelError; retryable: boolean; retryAfterMs?: number } {
  const after = attempts === 1 ? '' : ` after ${attempts} attempts`;
  if (signal?.aborted || (error !== TIMED_OUT && error instanceof APIUserAbortError))
    return { error: aborted(where, attempts), retryable: false };
  if (error === TIMED_OUT || error instanceof APIConnectionTimeoutError) {
    return {
      error: new ModelError(
        `model ${where} did not answer in time${after} (raise timeoutMs for slow models)`,
        {
          code: 'MODEL_TIMEOUT',
          attempts,
        },
      ),
      retryable: true,
    };
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${scrub(error.cause.message)}` : '';
    return {
      error: new ModelError(`model ${where} could not be reached${after}${cause}`, {
        code: 'MODEL_NETWORK',
        attempts,
      }),
      retryable: true,
    };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = scrub(apiMessage(error));
    const hint =
      status === 401 || status === 403
        ? ' (check the API key in the environment variable named by apiKeyEnv)'
        : status === 404
          ? ' (check baseURL, which usually ends in /v1, and the model name)'
          : '';
    return {
      error: new ModelError(`model ${where} refused the request${after}: HTTP ${status} ${detail}${hint}`, {
        code: 'MODEL_HTTP',
        status,
        attempts,
      }),
      retryable: status === 408 || status === 409 || status === 429 || status >= 500,
      ...retryAfter(error.headers),
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    error: new ModelError(`model ${where} failed${after}: ${scrub(text)}`, {
      code: 'MODEL_NETWORK',
      attempts,
    }),
    retryable: false,
  };
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : error.message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function retryAfter(headers: Headers | undefined): { retryAfterMs?: number } {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get('retry-after-ms') !== null) return { retryAfterMs: ms };
  const seconds = Number(headers?.get('retry-after'));
  if (Number.isFinite(seconds) && seconds >= 0 && headers?.get('retry-after') !== null)
    return { retryAfterMs: seconds * 1000 };
  return {};
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
