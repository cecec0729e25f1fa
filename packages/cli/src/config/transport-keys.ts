import type { CliTransport } from '../runtime/transport-names.js';

// Keys that only one transport reads. The schema accepts every key for every transport (a config
// can switch with one line, or with --transport), so a key the running transport ignores is
// reported here instead of being dropped without a word.

/** Keys read only on Web WeChat, with what to do about them on iLink. */
const WEB_ONLY: readonly { readonly path: readonly string[]; readonly why: string }[] = [
  { path: ['login', 'mode'], why: 'iLink has one login (QR on the official bot API): remove it' },
  {
    path: ['login', 'autoRelogin'],
    why: 'iLink never logs in again by itself: after a session ends run `wxbot login`; remove it',
  },
  { path: ['login', 'reloginCooldownSeconds'], why: 'iLink never logs in again by itself: remove it' },
  { path: ['limits', 'maxResponseMB'], why: 'it bounds Web WeChat sync responses only: remove it' },
  {
    path: ['limits', 'syncRequestsPerSecond'],
    why: 'iLink long-polls at the pace the server suggests: remove it',
  },
];

function has(data: unknown, path: readonly string[]): boolean {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined;
}

/**
 * Warnings for keys the config sets that its transport ignores: an `ilink:` section on Web, or a
 * Web-only key (`login.mode`, `limits.syncRequestsPerSecond`, …) on iLink. Each names the key,
 * the file, and what to do. `written` is the config as written (defaults would hide nothing).
 *
 * @example
 * transportKeyWarnings({ ilink: { quotaPerTurn: 5 } }, 'web', 'wxbot.config.yaml');
 * // ['wxbot: warning: wxbot.config.yaml: `ilink.quotaPerTurn` is ignored: transport is web …']
 */
export function transportKeyWarnings(written: unknown, transport: CliTransport, label: string): string[] {
  if (typeof written !== 'object' || written === null) return [];
  const out: string[] = [];
  if (transport === 'web') {
    const section = (written as { ilink?: unknown }).ilink;
    if (typeof section === 'object' && section !== null) {
      for (const key of Object.keys(section)) {
        out.push(
          `wxbot: warning: ${label}: \`ilink.${key}\` is ignored: the transport is web. Set \`transport: ilink\` (or start with --transport ilink) to use iLink, or remove the ilink: section.`,
        );
      }
    }
    return out;
  }
  for (const { path, why } of WEB_ONLY) {
    if (has(written, path))
      out.push(
        `wxbot: warning: ${label}: \`${path.join('.')}\` is ignored on iLink (Web WeChat only); ${why}.`,
      );
  }
  return out;
}
