import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookieHeader } from './cookies.js';
import { type HostRole, hostRole, normalizeHost } from './hosts.js';

/** Everything a handler needs to know about one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** Path without the query string, e.g. `/cgi-bin/mmwebwx-bin/webwxinit`. */
  readonly path: string;
  /** Last path segment, used as the endpoint name (`webwxinit`, `synccheck`, `qrcode`…). */
  readonly endpoint: string;
  readonly query: URLSearchParams;
  /** Host header, lower-cased, port stripped. */
  readonly host: string;
  readonly role: HostRole;
  readonly cookies: Map<string, string>;
  /** A webwxsync fault switch (`stale`, `continue`) for the sync handler to apply. */
  syncFault?: { readonly type: 'stale'; readonly back: number } | { readonly type: 'continue' };
}

/** Builds the {@link RequestContext} of a request. */
export function requestContext(req: IncomingMessage, res: ServerResponse): RequestContext {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const host = normalizeHost(req.headers.host);
  const path = url.pathname;
  let endpoint = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('/qrcode/')) endpoint = 'qrcode';
  if (path.startsWith('/l/')) endpoint = 'l';
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    endpoint,
    query: url.searchParams,
    host,
    role: hostRole(host),
    cookies: parseCookieHeader(req.headers.cookie),
  };
}

/** Thrown by {@link readBody} when the body is larger than allowed. */
export class BodyTooLargeError extends Error {}

/** Reads a whole request body (capped at `limit` bytes). */
export function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLargeError('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body defensively: anything that is not a JSON object becomes `undefined`. */
export function parseJsonObject(buf: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(buf.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Sends a body with the given status, content type and extra headers. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Record<string, string | string[]> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), ...headers });
  res.end(buf);
}

/** Sends a JS-assignment body (`window.code=408;` …). */
export function sendJs(
  res: ServerResponse,
  body: string,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, 200, 'text/javascript', body, headers);
}

/** Sends already-serialized JSON text. */
export function sendJsonText(res: ServerResponse, text: string, status = 200): void {
  send(res, status, 'application/json; charset=UTF-8', text);
}

/** Reads a string field of an unknown record. */
export function str(obj: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a numeric field (number or numeric string) of an unknown record. */
export function num(obj: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = obj?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Reads an object field of an unknown record. */
export function obj(
  o: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const v = o?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Reads an array field of an unknown record. */
export function arr(o: Record<string, unknown> | undefined, key: string): unknown[] | undefined {
  const v = o?.[key];
  return Array.isArray(v) ? v : undefined;
}
