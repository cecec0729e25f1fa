import type { ConnectTarget } from '../../../adapter/connect-to.js';

/**
 * Rewrites a production URL (`https://wx2.qq.com/…`) so that it keeps its host name (for the Host
 * header and cookie domains) but uses the target's scheme and port.
 */
export function rewriteUrl(url: string, target: ConnectTarget | undefined): string {
  if (!target) return url;
  const u = new URL(url);
  u.protocol = target.protocol;
  u.port = String(target.port);
  return u.toString();
}
