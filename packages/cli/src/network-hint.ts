import { proxyLabelFor, WxNetworkError } from '@wxbot/core';

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
 * // ['could not reach login.wx.qq.com (jslogin: ENOTFOUND)', '  tried: a direct HTTPS connection (no HTTPS_PROXY set)', '  check: …']
 */
export function explainNetworkError(err: unknown): string[] | undefined {
  const net = findNetworkError(err);
  if (net === undefined || net.host === undefined) return undefined;
  const code = socketCode(net.cause);
  const timedOut = /no (complete )?answer within/.test(net.message) || code === 'ECONNABORTED';
  const proxy = proxyLabelFor(`https://${net.host}/`);
  const tried =
    proxy === undefined
      ? 'a direct HTTPS connection (no HTTPS_PROXY/HTTP_PROXY applies to this host)'
      : `through the proxy ${proxy} (from HTTPS_PROXY/HTTP_PROXY; NO_PROXY excludes hosts)`;
  const hint = timedOut
    ? (HINTS.ETIMEDOUT ?? '')
    : (HINTS[code] ??
      (net.status !== undefined
        ? `the server answered HTTP ${net.status}; try again later`
        : 'check the network connection'));
  return [
    `could not reach ${net.host} (${net.message})`,
    `  tried: ${tried}`,
    `  check: ${hint}${proxy === undefined ? '; behind a proxy, set HTTPS_PROXY=http://HOST:PORT' : ', and that the proxy is reachable'}`,
  ];
}
