import { type NetworkRoute, proxyLabelFor, WxNetworkError } from '@wxbot/core';

/** What to check for each way a connection fails. */
const HINTS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the host name did not resolve: check the internet connection and DNS',
  EAI_AGAIN: 'DNS did not answer: check the internet connection and DNS',
  ECONNREFUSED: 'the connection was refused: a firewall, or a proxy that is not running',
  ECONNRESET: 'the connection was cut: a firewall or proxy in between, or an unstable network',
  ETIMEDOUT: 'no answer in time: the network is down or slow, or a firewall drops the traffic',
  ENETUNREACH: 'no route to the network: are you online?',
  EHOSTUNREACH: 'no route to the host: are you online?',
  CERT_HAS_EXPIRED: 'the TLS certificate was refused: a proxy that intercepts HTTPS, or a wrong clock',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the TLS certificate was refused: a proxy that intercepts HTTPS (set NODE_EXTRA_CA_CERTS)',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the TLS certificate was refused: a proxy that intercepts HTTPS (set NODE_EXTRA_CA_CERTS)',
};

/** The first WxNetworkError in an error's cause chain. */
function findNetworkError(err: unknown): WxNetworkError | undefined {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (e instanceof WxNetworkError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The socket's error code (`ENOTFOUND`) in a cause chain (an adapter may wrap it once more), else ''. */
function socketCode(cause: unknown): string {
  for (let e = cause, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code in HINTS || code === 'ECONNABORTED')) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

/**
 * Lines that explain a network failure: which host, what was tried (directly or through which
 * proxy), and what to check. Undefined when the error is not a network failure.
 *
 * @example
 * explainNetworkError(err);
 * // ['could not reach login.wx.qq.com (jslogin: ENOTFOUND)', '  tried: a direct connection (no HTTPS_PROXY/HTTP_PROXY applies to this host)', '  check: …']
 */
export function explainNetworkError(err: unknown): string[] | undefined {
  const net = findNetworkError(err);
  if (net === undefined || net.host === undefined) return undefined;
  const code = socketCode(net.cause);
  const timedOut = /no (complete )?answer within/.test(net.message) || code === 'ECONNABORTED';
  const hint = timedOut
    ? (HINTS.ETIMEDOUT ?? '')
    : (HINTS[code] ??
      (net.status !== undefined
        ? `the server answered HTTP ${net.status}; try again later`
        : 'check the network connection'));
  // What the transport really did; an error without it (another adapter) is judged by its host.
  const route = net.route ?? guessedRoute(net.host);
  const { tried, check } = describeRoute(route, net.host);
  return [`could not reach ${net.host} (${net.message})`, `  tried: ${tried}`, `  check: ${hint}${check}`];
}

function guessedRoute(host: string): NetworkRoute {
  const proxy = proxyLabelFor(`https://${host}/`);
  return proxy === undefined ? { via: 'direct' } : { via: 'proxy', proxy };
}

// The "tried:" words for a route, and what to add to the "check:" line.
function describeRoute(route: NetworkRoute, host: string): { tried: string; check: string } {
  switch (route.via) {
    case 'connect-to':
      return {
        tried: `a direct connection to ${route.address} (the configured connectTo/baseUrl; proxy variables are not used for it)`,
        check: `; is the server at ${route.address} running and reachable?`,
      };
    case 'no-proxy':
      return {
        tried: `a direct connection (NO_PROXY matches ${host}, so the proxy ${route.proxy} was not used)`,
        check: `; or take ${host} out of NO_PROXY to go through ${route.proxy}`,
      };
    case 'direct':
      return {
        tried: 'a direct connection (no HTTPS_PROXY/HTTP_PROXY applies to this host)',
        check: '; behind a proxy, set HTTPS_PROXY=http://HOST:PORT',
      };
    case 'proxy':
      return {
        tried: `through the proxy ${route.proxy} (from HTTPS_PROXY/HTTP_PROXY; NO_PROXY excludes hosts)`,
        check: ', and that the proxy is reachable',
      };
  }
}
