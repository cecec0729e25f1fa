/**
 * Host names of the Web WeChat service (protocol.md §2) and how the simulator tells them apart.
 * One listening port serves every host; the `Host` header (port stripped) says which one was meant.
 */

/** The role a host plays. `unknown` hosts (e.g. `127.0.0.1`) only serve the control API. */
export type HostRole = 'login' | 'main' | 'push' | 'file' | 'unknown';

/** Main (API) hosts the simulator accepts as an account's home. */
export const MAIN_HOSTS = [
  'wx.qq.com',
  'wx2.qq.com',
  'wx8.qq.com',
  'web.wechat.com',
  'web2.wechat.com',
] as const;

/** One of {@link MAIN_HOSTS}. */
export type MainHost = (typeof MAIN_HOSTS)[number];

const LOGIN_HOSTS = new Set([
  'login.weixin.qq.com',
  'login.wx.qq.com',
  'login.wx2.qq.com',
  'login.wx8.qq.com',
  'login.web.wechat.com',
  'login.web2.wechat.com',
]);

/** Push hosts each main host accepts for synccheck (its "family"). */
const PUSH_FAMILY: Record<MainHost, readonly string[]> = {
  'wx.qq.com': ['webpush.wx.qq.com', 'webpush2.wx.qq.com', 'webpush.weixin.qq.com'],
  'wx2.qq.com': ['webpush.wx2.qq.com', 'webpush2.wx2.qq.com'],
  'wx8.qq.com': ['webpush.wx8.qq.com', 'webpush2.wx8.qq.com'],
  'web.wechat.com': [
    'webpush.web.wechat.com',
    'webpush2.web.wechat.com',
    'webpush.wechat.com',
    'webpush1.wechat.com',
    'webpush2.wechat.com',
  ],
  'web2.wechat.com': ['webpush.web2.wechat.com', 'webpush2.web2.wechat.com'],
};

/** File hosts each main host accepts for uploads and `webwxgetmedia`. */
const FILE_FAMILY: Record<MainHost, readonly string[]> = {
  'wx.qq.com': ['file.wx.qq.com', 'file2.wx.qq.com'],
  'wx2.qq.com': ['file.wx2.qq.com', 'file2.wx2.qq.com'],
  'wx8.qq.com': ['file.wx8.qq.com', 'file2.wx8.qq.com'],
  'web.wechat.com': ['file.web.wechat.com', 'file2.web.wechat.com'],
  'web2.wechat.com': ['file.web2.wechat.com', 'file2.web2.wechat.com'],
};

const ALL_PUSH = new Set(Object.values(PUSH_FAMILY).flat());
const ALL_FILE = new Set(Object.values(FILE_FAMILY).flat());
const ALL_MAIN = new Set<string>(MAIN_HOSTS);

/** Lower-cases a `Host` header and strips its `:port` (IPv6 literals keep their brackets). */
export function normalizeHost(header: string | undefined): string {
  if (!header) return '';
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** The role of a (normalized) host name. */
export function hostRole(host: string): HostRole {
  if (ALL_MAIN.has(host)) return 'main';
  if (LOGIN_HOSTS.has(host)) return 'login';
  if (ALL_PUSH.has(host)) return 'push';
  if (ALL_FILE.has(host)) return 'file';
  return 'unknown';
}

/** True when `host` is a main host the simulator knows. */
export function isMainHost(host: string): host is MainHost {
  return ALL_MAIN.has(host);
}

/** True when `pushHost` belongs to the family of `mainHost`. */
export function isPushHostOf(pushHost: string, mainHost: MainHost): boolean {
  return PUSH_FAMILY[mainHost].includes(pushHost);
}

/** True when `fileHost` belongs to the family of `mainHost`. */
export function isFileHostOf(fileHost: string, mainHost: MainHost): boolean {
  return FILE_FAMILY[mainHost].includes(fileHost);
}

/** The canonical push host of a main host (`webpush.` + main host). */
export function pushHostOf(mainHost: MainHost): string {
  return `webpush.${mainHost}`;
}

/** The canonical file host of a main host (`file.` + main host). */
export function fileHostOf(mainHost: MainHost): string {
  return `file.${mainHost}`;
}

/** The cookie domain of `webwx_data_ticket`: `.qq.com` or `.wechat.com`. */
export function dataTicketDomain(mainHost: MainHost): string {
  return mainHost.endsWith('.wechat.com') ? '.wechat.com' : '.qq.com';
}
