import { randomBytes } from 'node:crypto';

/** Who the client says it is: the app id, its version and the `base_info` of authenticated bodies. */
export interface ClientIdentity {
  /** `iLink-App-Id` (default `bot`, the official client's `ilink_appid`). */
  readonly appId: string;
  /** Client version `major.minor.patch`; sent as `iLink-App-ClientVersion` and `base_info.channel_version`. */
  readonly version: string;
  /** `base_info.bot_agent`: `Name/Version` tokens, for the server's observability only. */
  readonly botAgent: string;
  /** `SKRouteTag` when a deployment needs one; absent by default. */
  readonly routeTag?: string | undefined;
}

/** The version the client announces by default: the official client it follows (2.4.9). */
export const DEFAULT_IDENTITY: ClientIdentity = { appId: 'bot', version: '2.4.9', botAgent: 'wxbot/0.1.0' };

/**
 * `iLink-App-ClientVersion`: the version packed as `major<<16 | minor<<8 | patch`, in decimal.
 *
 * @example
 * clientVersionNumber('2.4.9') // '132105'
 */
export function clientVersionNumber(version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return String((((major & 0xff) << 16) | ((minor & 0xff) << 8) | (patch & 0xff)) >>> 0);
}

/**
 * A fresh `X-WECHAT-UIN`: a random uint32, written in decimal, then base64 of that text.
 *
 * @example
 * randomWechatUin() // e.g. 'MzA1NDE5ODk2' (base64 of '305419896')
 */
export function randomWechatUin(random: () => number = () => randomBytes(4).readUInt32BE(0)): string {
  return Buffer.from(String(random() >>> 0), 'utf8').toString('base64');
}

/** Headers of the QR status GET: app id and version only, no auth. */
export function getHeaders(identity: ClientIdentity): Record<string, string> {
  const headers: Record<string, string> = {
    'iLink-App-Id': identity.appId,
    'iLink-App-ClientVersion': clientVersionNumber(identity.version),
  };
  if (identity.routeTag) headers.SKRouteTag = identity.routeTag;
  return headers;
}

/**
 * Headers of every POST: JSON, `AuthorizationType: ilink_bot_token` (even before login), a new
 * `X-WECHAT-UIN` per request, and `Authorization: Bearer <token>` when a token is known.
 */
export function postHeaders(identity: ClientIdentity, token: string | undefined): Record<string, string> {
  const headers = getHeaders(identity);
  headers['Content-Type'] = 'application/json';
  headers.AuthorizationType = 'ilink_bot_token';
  headers['X-WECHAT-UIN'] = randomWechatUin();
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

/** The `base_info` object every authenticated body carries. */
export function baseInfo(identity: ClientIdentity): { channel_version: string; bot_agent: string } {
  return { channel_version: identity.version, bot_agent: identity.botAgent };
}
