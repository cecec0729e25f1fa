import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The secrets that went over the wire, as a real attacker on the log files would look for them. */
export interface WireSecrets {
  readonly values: Set<string>;
}

/** Cookies that carry no secret (language, UI state, load time). */
export const PUBLIC_COOKIES: ReadonlySet<string> = new Set([
  'mm_lang',
  'wxloadtime',
  'wxpluginkey',
  'MM_WX_NOTIFY_STATE',
  'MM_WX_SOUND_STATE',
  'login_frequency',
]);

function addCookie(values: Set<string>, pair: string | undefined): void {
  if (!pair) return;
  const [name, ...rest] = pair.trim().split('=');
  if (name && !PUBLIC_COOKIES.has(name)) add(values, rest.join('='));
}

const QUERY_SECRETS = ['skey', 'sid', 'uin', 'pass_ticket', 'ticket', 'wxsid', 'wxuin'];
const JSON_SECRETS = /"(Skey|Sid|Uin|SKey|PassTicket|pass_ticket)"\s*:\s*"?([^",}]+)"?/g;
const XML_SECRETS = /<(skey|wxsid|wxuin|pass_ticket)>([^<]+)</g;
const REDIRECT = /[?&](ticket)=([^&"]+)/g;

function add(values: Set<string>, raw: string | undefined): void {
  if (!raw) return;
  for (const v of new Set([raw, safeDecode(raw)])) if (v.length >= 6) values.add(v);
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * An HTTP proxy in front of the simulator that records every secret it sees in requests and
 * answers: skey, sid, uin, pass_ticket, login tickets and cookie values.
 */
export async function startWireRecorder(
  target: string,
): Promise<{ url: string; secrets: WireSecrets; close(): Promise<void> }> {
  const values = new Set<string>();
  const upstream = new URL(target);
  const scan = (text: string): void => {
    for (const m of text.matchAll(JSON_SECRETS)) add(values, m[2]);
    for (const m of text.matchAll(XML_SECRETS)) add(values, m[2]);
    for (const m of text.matchAll(REDIRECT)) add(values, m[2]);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    for (const k of QUERY_SECRETS) add(values, url.searchParams.get(k) ?? undefined);
    for (const c of (req.headers.cookie ?? '').split(';')) addCookie(values, c);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      scan(body.toString('utf8'));
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          for (const c of [up.headers['set-cookie'] ?? []].flat()) addCookie(values, c.split(';')[0]);
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const answer = Buffer.concat(parts);
            scan(answer.toString('utf8'));
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(answer);
          });
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets: { values },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
