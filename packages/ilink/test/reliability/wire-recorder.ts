import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The iLink twin of packages/core/test/reliability/wire-recorder.ts: an HTTP relay in front of the
// iLink simulator that keeps every secret it sees go by, as someone reading the logs would look
// for them: the bot token and `Authorization` values, context tokens, typing tickets, AES media
// keys (in every encoding a log could show them), QR tickets and CDN download parameters.

/** JSON fields whose string values are secrets (answers and requests alike). */
const JSON_SECRETS = new Set([
  'bot_token',
  'context_token',
  'typing_ticket',
  'aes_key',
  'aeskey',
  'qrcode',
  'encrypt_query_param',
  'upload_param',
]);
/** Query parameters that carry secrets. */
const QUERY_SECRETS = ['qrcode', 'encrypted_query_param', 'verify_code'];

/** Secrets that went over the wire, by kind (for a readable report). */
export interface IlinkWireSecrets {
  readonly byKind: Map<string, Set<string>>;
  /** Every value, whatever its kind. */
  all(): Map<string, string>;
}

function add(byKind: Map<string, Set<string>>, kind: string, value: unknown): void {
  if (typeof value !== 'string' || value.length < 8) return;
  let set = byKind.get(kind);
  if (!set) {
    set = new Set();
    byKind.set(kind, set);
  }
  set.add(value);
  // Keys travel as base64 of the raw 16 bytes or of their 32-char hex text: a log may show any form.
  if (kind === 'aes_key' || kind === 'aeskey') {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === 16) set.add(decoded.toString('hex'));
    const text = decoded.toString('latin1');
    if (/^[0-9a-f]{32}$/i.test(text)) set.add(text);
    if (/^[0-9a-f]{32}$/i.test(value)) {
      set.add(Buffer.from(value, 'hex').toString('base64'));
      set.add(Buffer.from(value).toString('base64'));
    }
  }
}

function walk(byKind: Map<string, Set<string>>, value: unknown, depth = 0): void {
  if (depth > 20 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (JSON_SECRETS.has(k)) add(byKind, k, v);
    else walk(byKind, v, depth + 1);
  }
}

function scanJson(byKind: Map<string, Set<string>>, body: Buffer, headers: IncomingHttpHeaders): void {
  if (!String(headers['content-type'] ?? '').includes('json') && body[0] !== 0x7b) return;
  try {
    walk(byKind, JSON.parse(body.toString('utf8')));
  } catch {
    // Not JSON (a malformed answer on purpose, CDN bytes): nothing to read.
  }
}

/**
 * Relays every request to `target` (the Host header is kept, so the simulator still tells its hosts
 * apart) and records the secrets in both directions. Point the client's `connectTo`/`baseUrl` at
 * `url`.
 */
export async function startIlinkWireRecorder(
  target: string,
): Promise<{ url: string; secrets: IlinkWireSecrets; close(): Promise<void> }> {
  const byKind = new Map<string, Set<string>>();
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    for (const k of QUERY_SECRETS) add(byKind, k, url.searchParams.get(k) ?? undefined);
    const auth = req.headers.authorization;
    if (auth) {
      add(byKind, 'authorization', auth);
      add(byKind, 'bot_token', auth.replace(/^Bearer\s+/i, ''));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      scanJson(byKind, body, req.headers);
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          add(byKind, 'encrypt_query_param', up.headers['x-encrypted-param']);
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const answer = Buffer.concat(parts);
            scanJson(byKind, answer, up.headers);
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(answer);
          });
          up.on('error', () => res.destroy());
        },
      );
      // A client that gives up (a stopped long-poll) ends the relayed call too.
      res.on('close', () => out.destroy());
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets: {
      byKind,
      all: () => {
        const map = new Map<string, string>();
        for (const [kind, values] of byKind) for (const v of values) map.set(v, kind);
        return map;
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
