import type { LookupFunction } from 'node:net';
import { ConfigError } from '../errors.js';

/**
 * Where every request really goes when `connectTo` is set (tests, the sandbox). Shared by every
 * HTTP transport (Web WeChat, iLink): host names stay in the `Host` header, only the scheme, the
 * address and the port change.
 */
export interface ConnectTarget {
  /** Scheme to use on the wire (`http:` for the simulator). */
  readonly protocol: 'http:' | 'https:';
  /** IP address every host name resolves to. */
  readonly address: string;
  readonly port: number;
}

/**
 * Parses a `connectTo` option such as `http://127.0.0.1:8080`. A bad value throws a
 * {@link ConfigError} at path `connectTo` (an adapter may wrap it in its own error type).
 *
 * @example
 * parseConnectTo('http://127.0.0.1:8080') // { protocol: 'http:', address: '127.0.0.1', port: 8080 }
 */
export function parseConnectTo(value: string): ConnectTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigError(
      'connectTo',
      `connectTo must be a URL like http://127.0.0.1:8080 (got ${JSON.stringify(value)})`,
      { cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('connectTo', `connectTo must use http: or https: (got ${url.protocol})`);
  }
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  const address = url.hostname.replace(/^\[|\]$/g, '');
  return { protocol: url.protocol, address, port };
}

/**
 * A DNS lookup that resolves every name to the target address (no DNS traffic at all).
 *
 * @example
 * new http.Agent({ lookup: fixedLookup(parseConnectTo(connectTo).address) });
 */
export function fixedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        { address, family },
      ]);
    } else {
      callback(null, address, family);
    }
  };
}
