import { type SessionEndKind, statusOf } from '@wxbot/core';
import type { WxbotConfig } from '../config/schema.js';

// After WeChat ended a session in a way that a new login would make worse (a kick right after a
// fresh login, another login taking over, a frequency refusal), `wxbot start` and `wxbot chat`
// must not log in again by themselves: a supervisor (systemd, pm2, docker) restarting them on
// exit would otherwise be the very re-login loop that earns a ban. A person runs `wxbot login`.

/** Endings after which only `wxbot login` (a person's decision) logs the account in again. */
const PERSON_DECIDES: ReadonlySet<SessionEndKind> = new Set(['restricted', 'replaced', 'rateLimited']);

/** True when, after an ending of this kind, only `wxbot login` logs the account in again. */
export function personMustLogIn(kind: string): boolean {
  return PERSON_DECIDES.has(kind as SessionEndKind);
}

/**
 * Why this run must not log in by itself, or undefined when it may: the Web transport's saved
 * session ended (see `session.safety.json`) with a restriction-like reason and no login happened
 * since. A still-resumable session (e.g. after `wxbot login`) always may.
 *
 * @example
 * const why = await reloginRefusal(config, '.wxbot/session.json');
 * if (why) { console.error(`wxbot: ${why}`); process.exitCode = 4; }
 */
export async function reloginRefusal(config: WxbotConfig, sessionFile: string): Promise<string | undefined> {
  if (config.transport !== 'web') return undefined;
  const status = await statusOf(sessionFile);
  const end = status.lastEnd;
  if (end === undefined || !personMustLogIn(end.kind)) return undefined;
  if (status.state === 'ok' && status.resumable === true) return undefined;
  return [
    `not logging in: the last session ended at ${new Date(end.at).toISOString()}: ${end.message}`,
    'wxbot start and wxbot chat never log in again by themselves after such an ending (a restart by',
    'systemd, pm2 or docker included). When you have decided to, run `wxbot login` once, then start again.',
  ].join('\n');
}
