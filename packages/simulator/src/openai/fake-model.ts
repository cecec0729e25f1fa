import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSimulatorServer } from '../http-server.js';
import {
  contentText,
  echoResponder,
  type FakeChatMessage,
  type FakeModelRequest,
  type FakeModelResponder,
  type FakeModelStep,
} from './script.js';
import { validateChatRequest } from './validate.js';
import { chunkBody, completionBody, completionId, sendError, sendJson, streamPieces } from './wire.js';

/** Options of {@link createFakeModel}. */
export interface FakeModelOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>` (else 401, as the real API). */
  readonly apiKey?: string;
  /** Model names the server knows; another name gets 404 `model_not_found`. Default: any name. */
  readonly models?: readonly string[];
  /** Answers requests when no scripted step is queued. Default {@link echoResponder}. */
  readonly respond?: FakeModelResponder;
  /** Pause between two stream chunks, ms. Default 0. */
  readonly chunkDelayMs?: number;
  /** Port to listen on (default 0: any free port). Always 127.0.0.1. */
  readonly port?: number;
  /** Largest request body accepted, bytes (default 4 MiB; images come as data URLs). */
  readonly maxBodyBytes?: number;
}

/** A running fake OpenAI-compatible server. Always `close()` it. */
export interface FakeModel {
  /** The base URL to give an OpenAI client, ending in `/v1` (e.g. `http://127.0.0.1:40123/v1`). */
  readonly url: string;
  /** Every request received, in order (failed ones too, with their status). */
  readonly requests: readonly FakeModelRequest[];
  /** Only the chat completion requests. */
  readonly completions: readonly FakeModelRequest[];
  /** Queue scripted answers, used one per chat completion request before the responder. */
  script(...steps: readonly (FakeModelStep | string)[]): void;
  /** Scripted answers not used yet. */
  readonly pending: number;
  /** Resolves once `count` chat completion requests arrived (rejects after `timeoutMs`, default 3000). */
  waitForCompletions(count: number, timeoutMs?: number): Promise<readonly FakeModelRequest[]>;
  /** Stops listening and drops every connection (hanging requests included). */
  close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';

/**
 * Starts a small OpenAI-compatible server on 127.0.0.1 for tests and offline demos:
 * `POST /v1/chat/completions` (JSON or server-sent-event stream) and `GET /v1/models`. It checks
 * the API key and the request shape as the real API does, answers from a script (text, stream
 * chunks, HTTP errors with `retry-after-ms`, a hang, a dropped connection) or a responder, and
 * records every request with its headers so a test can check what the client sent.
 *
 * @example
 * const model = await createFakeModel({ apiKey: 'sk-test' });
 * model.script('Hello!', { error: { status: 500, message: 'boom', type: 'server_error' } });
 * const client = new OpenAI({ baseURL: model.url, apiKey: 'sk-test' });
 * // … model.completions[0].messages, model.completions[0].headers.authorization
 * await model.close();
 */
export async function createFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const queue: FakeModelStep[] = [];
  const requests: FakeModelRequest[] = [];
  const waiters = new Set<() => void>();
  const respond = options.respond ?? echoResponder;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const completions = () => requests.filter((r) => r.path === CHAT_PATH);
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req, maxBody);
    const body = parseJson(raw?.toString('utf8'));
    const record = recordOf(req, method, path, body);
    requests.push(record);
    const fail = (status: number, message: string, type?: string, code?: string | null) => {
      record.status = status;
      sendError(res, status, message, type, code);
    };
    if (raw === undefined) return fail(413, `request body larger than ${maxBody} bytes`);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return fail(
        401,
        (req.headers.authorization ?? '') === ''
          ? "You didn't provide an API key. Send it as a Bearer token in the Authorization header."
          : 'Incorrect API key provided.',
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    if (method === 'GET' && path === '/v1/models') {
      record.status = 200;
      const names = options.models ?? ['fake-model'];
      sendJson(res, 200, {
        object: 'list',
        data: names.map((id) => ({ id, object: 'model', created: 0, owned_by: 'wxbot-simulator' })),
      });
      return;
    }
    if (path !== CHAT_PATH)
      return fail(404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url');
    if (method !== 'POST') return fail(405, `Method ${method} not allowed on ${path}; use POST.`);
    const problem = validateChatRequest(body, req.headers['content-type']);
    if (problem !== undefined) return fail(400, problem);
    if (options.models !== undefined && !options.models.includes(record.model ?? '')) {
      return fail(
        404,
        `The model \`${record.model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      );
    }
    notify();
    const step = queue.shift() ?? respond(record);
    await answer(step, record, req, res, chunkDelayMs);
  };

  const server = await startSimulatorServer(
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) sendError(res, 500, 'fake model failed', 'server_error');
        else res.destroy();
      });
    },
    options.port ?? 0,
    '127.0.0.1',
  );
  const { port } = server;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    get completions() {
      return completions();
    },
    script(...steps) {
      for (const s of steps) queue.push(typeof s === 'string' ? { text: s } : s);
    },
    get pending() {
      return queue.length;
    },
    waitForCompletions(count, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (completions().length < count) return;
          cleanup();
          resolve(completions());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `fake model: expected ${count} chat completion request(s) within ${timeoutMs} ms, got ${completions().length}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => server.close(),
  };
}

async function answer(
  step: FakeModelStep,
  record: FakeModelRequest,
  req: IncomingMessage,
  res: ServerResponse,
  chunkDelayMs: number,
): Promise<void> {
  if ('hang' in step) return; // the socket stays open until the client aborts or the server closes
  if ('drop' in step) {
    record.status = 0;
    req.socket.destroy();
    return;
  }
  if ('error' in step) {
    const { status, message, type, code } = step.error;
    record.status = status;
    const headers: Record<string, string> =
      step.retryAfterMs !== undefined ? { 'retry-after-ms': String(step.retryAfterMs) } : {};
    sendError(
      res,
      status,
      message,
      type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      code ?? null,
      headers,
    );
    return;
  }
  if (step.delayMs !== undefined && step.delayMs > 0) await sleep(step.delayMs);
  if (res.destroyed) return;
  const pieces = 'chunks' in step ? step.chunks : streamPieces(step.text);
  const finish = 'finishReason' in step && step.finishReason !== undefined ? step.finishReason : 'stop';
  const model = record.model ?? 'fake-model';
  record.status = 200;
  if (!record.stream) {
    const prompt = record.messages.map((m) => contentText(m.content)).join('\n');
    sendJson(res, 200, completionBody(model, pieces.join(''), prompt, finish));
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const id = completionId();
  const write = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  write(chunkBody(id, model, { role: 'assistant', content: '' }, null));
  for (const piece of pieces) {
    if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    if (res.destroyed) return;
    write(chunkBody(id, model, { content: piece }, null));
  }
  write(chunkBody(id, model, {}, finish));
  res.end('data: [DONE]\n\n');
}

function recordOf(req: IncomingMessage, method: string, path: string, body: unknown): FakeModelRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const messages = Array.isArray(obj.messages) ? (obj.messages as FakeChatMessage[]) : [];
  return {
    method,
    path,
    headers,
    body,
    ...(typeof obj.model === 'string' ? { model: obj.model } : {}),
    messages,
    stream: obj.stream === true,
    status: 0,
    time: Date.now(),
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The whole body, or `undefined` when it is larger than `limit` (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
