import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { NetworkRoute } from '../../../errors.js';

/** The environment variables that name a proxy (either case works). */
const PROXY_VARS = ['https_proxy', 'http_proxy', 'all_proxy'] as const;

/**
 * True when `HTTPS_PROXY`, `HTTP_PROXY` or `ALL_PROXY` (any case) is set: only then do requests
 * go through {@link EnvProxyAgent}, so the usual direct path stays as fast as it was.
 */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARS.some((v) => (env[v] ?? env[v.toUpperCase()] ?? '') !== '');
}

/**
 * The proxy a request to `url` goes through under `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and
 * `NO_PROXY` (as curl and npm read them), or undefined for a direct connection. Credentials in
 * the proxy URL are dropped from the result: it is for messages.
 *
 * @example
 * proxyLabelFor('https://login.wx.qq.com/jslogin'); // 'http://proxy.corp:3128' or undefined
 */
export function proxyLabelFor(url: string): string | undefined {
  const proxy = getProxyForUrl(url);
  return proxy === '' ? undefined : label(proxy);
}

/** The proxy URL the environment names for a scheme, NO_PROXY aside (as proxy-from-env reads it). */
function proxyVariableFor(scheme: string, env: NodeJS.ProcessEnv): string {
  const read = (name: string) => env[name] || env[name.toUpperCase()] || '';
  return (
    read(`npm_config_${scheme}_proxy`) ||
    read(`${scheme}_proxy`) ||
    read('npm_config_proxy') ||
    read('all_proxy')
  );
}

function label(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'the configured proxy';
  }
}

/**
 * How a request to `url` goes out: to `connectTo` when one is set (never through a proxy), else
 * through the proxy the environment names, else directly — saying when `NO_PROXY` is the reason.
 * Transports put it on their network errors, so a message tells what really happened.
 *
 * @example
 * networkRouteFor('https://ilinkai.weixin.qq.com/ilink/bot/getupdates'); // { via: 'proxy', proxy: 'http://proxy.corp:3128' }
 * networkRouteFor(url, '127.0.0.1:8080');                                   // { via: 'connect-to', address: '127.0.0.1:8080' }
 */
export function networkRouteFor(url: string, connectTo?: string, env = process.env): NetworkRoute {
  if (connectTo !== undefined) return { via: 'connect-to', address: connectTo };
  const proxy = proxyLabelFor(url);
  if (proxy !== undefined) return { via: 'proxy', proxy };
  let scheme = 'https';
  try {
    scheme = new URL(url).protocol.replace(/:$/, '');
  } catch {
    // keep https
  }
  const named = proxyVariableFor(scheme, env);
  return named === '' ? { via: 'direct' } : { via: 'no-proxy', proxy: label(named) };
}

/**
 * A keep-alive agent that sends each request through the proxy the environment names for its URL
 * (CONNECT tunnels for https, absolute-form requests for http), or through `direct` when
 * `NO_PROXY` matches or no proxy applies. Sockets are pooled per proxy, as `direct` pools its own.
 */
export class EnvProxyAgent extends Agent {
  readonly #viaProxy = new Map<string, http.Agent>();

  constructor(
    private readonly direct: http.Agent,
    private readonly agentOptions: { keepAlive: boolean; maxFreeSockets: number },
  ) {
    super(agentOptions);
  }

  override connect(req: http.ClientRequest, opts: AgentConnectOpts): http.Agent | Duplex {
    const scheme = opts.secureEndpoint ? 'https' : 'http';
    const proxy = getProxyForUrl(`${scheme}://${req.host}:${opts.port}${req.path}`);
    if (proxy === '') return this.direct;
    const key = `${scheme} ${proxy}`;
    let agent = this.#viaProxy.get(key);
    if (agent === undefined) {
      agent = opts.secureEndpoint
        ? new HttpsProxyAgent(proxy, this.agentOptions)
        : new HttpProxyAgent(proxy, this.agentOptions);
      this.#viaProxy.set(key, agent);
    }
    return agent;
  }

  override destroy(): void {
    for (const agent of this.#viaProxy.values()) agent.destroy();
    this.#viaProxy.clear();
    this.direct.destroy();
    super.destroy();
  }
}
