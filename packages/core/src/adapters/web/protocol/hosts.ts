/** The hosts one account talks to (protocol.md §2). */
export interface Hosts {
  /** Main/API host, dictated by the login redirect_uri (e.g. `wx2.qq.com`). */
  readonly main: string;
  /** Login host for the QR poll and push login of this family. */
  readonly login: string;
  /** Upload and `webwxgetmedia` host. */
  readonly file: string;
  /** synccheck host. */
  readonly push: string;
}

/** Login host used before the main host is known. */
export const DEFAULT_LOGIN_HOST = 'login.wx.qq.com';

/** Host that serves the QR payload URL (`https://login.weixin.qq.com/l/{uuid}`). */
export const QR_HOST = 'login.weixin.qq.com';

// First match wins (substring test), as in the official client (§2.2).
const HOST_TABLE: ReadonlyArray<readonly [string, string, string, string]> = [
  ['wx2.qq.com', 'login.wx2.qq.com', 'file.wx2.qq.com', 'webpush.wx2.qq.com'],
  ['wx8.qq.com', 'login.wx8.qq.com', 'file.wx8.qq.com', 'webpush.wx8.qq.com'],
  ['qq.com', 'login.wx.qq.com', 'file.wx.qq.com', 'webpush.wx.qq.com'],
  ['web2.wechat.com', 'login.web2.wechat.com', 'file.web2.wechat.com', 'webpush.web2.wechat.com'],
  ['wechat.com', 'login.web.wechat.com', 'file.web.wechat.com', 'webpush.web.wechat.com'],
];

/**
 * The login/file/push hosts that belong to a main host (§2.2 table).
 *
 * @example
 * hostsFor('wx2.qq.com') // { main: 'wx2.qq.com', login: 'login.wx2.qq.com', file: 'file.wx2.qq.com', push: 'webpush.wx2.qq.com' }
 */
export function hostsFor(mainHost: string): Hosts {
  const main = mainHost.toLowerCase();
  for (const [needle, login, file, push] of HOST_TABLE) {
    if (main.includes(needle)) return { main, login, file, push };
  }
  return { main, login: 'login.weixin.qq.com', file: 'file.wx.qq.com', push: 'webpush.weixin.qq.com' };
}

/** Hosts from the `redirect_uri` of a confirmed login. */
export function hostsFromRedirect(redirectUri: string): Hosts {
  return hostsFor(new URL(redirectUri).hostname);
}

/** The alternative push host tried when the first keeps failing (`webpush.` → `webpush2.`). */
export function alternatePushHost(push: string): string {
  if (push.startsWith('webpush2.')) return push.replace(/^webpush2\./, 'webpush.');
  return push.replace(/^webpush\./, 'webpush2.');
}
