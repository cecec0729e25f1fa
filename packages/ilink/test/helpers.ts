import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIlinkJson } from '../src/transport/json.js';

/** The iLink fixtures (fixtures/ilink/ at the repository root), byte-exact copies of the reference's. */
export const FIXTURES = new URL('../../../fixtures/ilink/', import.meta.url);

/** A fixture's text, exactly as stored. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** A fixture parsed as the client parses server answers (uint64 ids kept as strings). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return parseIlinkJson(fixtureText(name)) as T;
}

/** One request the scripted server received. */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: Record<string, unknown> | undefined;
  readonly at: number;
}

/** A scripted answer: a fixture-like body, or a function writing the response itself. */
export type Answer =
  | string
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number }
  | ((req: Recorded, res: ServerResponse) => void | Promise<void>);

/**
 * A small HTTP server that answers each `METHOD /path` with the next scripted answer (the last one
 * repeats), and records every request. It replays fixtures over real HTTP for protocol-layer tests;
 * end-to-end tests use the iLink simulator instead.
 */
export interface ScriptedServer {
  readonly url: string;
  readonly host: string;
  readonly requests: Recorded[];
  /** Requests to one route. */
  to(route: string): Recorded[];
  /** Replaces or adds a route's answers. */
  script(route: string, answers: Answer[]): void;
  close(): Promise<void>;
}

export async function scriptedServer(routes: Record<string, Answer[]> = {}): Promise<ScriptedServer> {
  const table = new Map<string, Answer[]>(Object.entries(routes));
  const used = new Map<string, number>();
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks);
      let json: Record<string, unknown> | undefined;
      try {
        json = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      const rec: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        at: Date.now(),
      };
      requests.push(rec);
      const key = `${rec.method} ${rec.path}`;
      const answers = table.get(key);
      if (!answers || answers.length === 0) {
        res.writeHead(404).end('no route');
        return;
      }
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      const answer = answers[Math.min(n, answers.length - 1)]!;
      void respond(answer, rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    to: (route) => requests.filter((r) => `${r.method} ${r.path}` === route),
    script: (route, answers) => {
      table.set(route, answers);
      used.set(route, 0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(answer: Answer, rec: Recorded, res: ServerResponse): Promise<void> {
  if (typeof answer === 'function') {
    await answer(rec, res);
    return;
  }
  const spec = typeof answer === 'string' ? { body: answer } : answer;
  if (spec.delayMs) await new Promise((r) => setTimeout(r, spec.delayMs));
  if (res.destroyed) return;
  res.writeHead(spec.status ?? 200, { 'Content-Type': 'application/json', ...spec.headers });
  res.end(spec.body ?? '');
}

/** The cast of fixtures/ilink/_README.md. */
export const CAST = {
  botId: '3f9c0a7d52e1@im.bot',
  token: '3f9c0a7d52e1@im.bot:0600002f1c8e4b7a9d03e5f6a1b2c3d4e5f607',
  user: 'o9cq80Tq3xV7bLmN2pRs8dKf4hWc@im.wechat',
} as const;

/** Waits until `cond` holds, checking every few ms (the condition is event-driven; the limit only stops a hang). */
export async function until(cond: () => boolean, what = 'the condition', limitMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
