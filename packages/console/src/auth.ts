import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** The cookie that carries a browser's console session (never the token itself). */
export const SESSION_COOKIE = 'wxbot_console';
/** The header scripts may use instead of the cookie: `Authorization: Bearer <token>`. */
export const TOKEN_HEADER = 'authorization';
/** Every write from the page carries this header: a cross-site form cannot set it without a preflight we never answer. */
export const WRITE_HEADER = 'x-wxbot-console';

/** A fresh random console token (32 bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may use the console: the holder of the token, and browsers that exchanged it for a session
 * cookie (random, server-side, HttpOnly, SameSite=Strict). The token never reaches the page.
 */
export class ConsoleAuth {
  readonly #token: string;
  readonly #sessions = new Set<string>();

  constructor(token: string) {
    this.#token = token;
  }

  /** True when `candidate` is the console token. */
  isToken(candidate: string | undefined): boolean {
    return candidate !== undefined && sameSecret(candidate, this.#token);
  }

  /** A new browser session id for a request that showed the token. */
  openSession(): string {
    const id = randomBytes(24).toString('base64url');
    this.#sessions.add(id);
    return id;
  }

  /** True when the cookie names a session this process opened. */
  isSession(id: string | undefined): boolean {
    if (id === undefined) return false;
    for (const known of this.#sessions) if (sameSecret(known, id)) return true;
    return false;
  }

  /** True when the `Authorization: Bearer …` header carries the token. */
  isBearer(header: string | undefined): boolean {
    if (header === undefined) return false;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match !== null && this.isToken(match[1]);
  }
}

/**
 * The request's Host is one this server answers to: guards a loopback console against DNS
 * rebinding (a public name resolving to 127.0.0.1 from someone's page).
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (hostHeader === undefined) return false;
  if (!isLoopbackHost(boundHost)) return true;
  const allowed = ['127.0.0.1', 'localhost', '[::1]', boundHost.includes(':') ? `[${boundHost}]` : boundHost];
  return allowed.some((h) => hostHeader === `${h}:${port}` || (port === 80 && hostHeader === h));
}

/** A write's Origin (when the browser sends one) must be this server's own origin. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === hostHeader;
  } catch {
    return false;
  }
}
