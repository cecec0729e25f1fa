/** Minimal cookie parsing and `Set-Cookie` formatting in the style of the real server. */

/** Parses a `Cookie` request header into a map (first occurrence wins; values are not decoded). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats a date like the real server: `Tue, 28-May-2024 19:27:14 GMT`. */
export function cookieDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

/** One `Set-Cookie` value. `domain` undefined ⇒ a host-only cookie. */
export function setCookie(
  name: string,
  value: string,
  domain: string | undefined,
  expiresMs: number,
): string {
  const dom = domain ? `; Domain=${domain}` : '';
  return `${name}=${value}${dom}; Path=/; Expires=${cookieDate(expiresMs)}`;
}
