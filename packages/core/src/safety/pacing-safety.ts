import { ConfigError } from '../errors.js';
import type { PacingOptions } from '../outbox/types.js';

/**
 * The documented safe pacing (protocol.md §11: ~1 msg/s sustained worked; bursts of ~60 hit 1205):
 * at most 1 message per second overall after a burst of 3, and one per 2 s to any one chat.
 */
export const SAFE_PACING = { perSecond: 1, burst: 3, perChatIntervalMs: 2_000 } as const;

/** What is unsafe about a pacing setting, or an empty list when it is within the safe defaults. */
export function unsafePacing(pacing: false | PacingOptions | undefined): string[] {
  if (pacing === false) return ['pacing is off (outbox.pacing: false)'];
  const out: string[] = [];
  const g = pacing?.global;
  if (g?.perSecond !== undefined && g.perSecond > SAFE_PACING.perSecond)
    out.push(`${g.perSecond} messages/s overall (safe: ≤ ${SAFE_PACING.perSecond})`);
  if (g?.burst !== undefined && g.burst > SAFE_PACING.burst)
    out.push(`bursts of ${g.burst} (safe: ≤ ${SAFE_PACING.burst})`);
  const c = pacing?.perChat;
  if (c?.intervalMs !== undefined && c.intervalMs < SAFE_PACING.perChatIntervalMs)
    out.push(`one message per ${c.intervalMs} ms to a chat (safe: ≥ ${SAFE_PACING.perChatIntervalMs})`);
  return out;
}

/**
 * On the real WeChat hosts, pacing beyond the safe defaults must be asked for explicitly with
 * `outbox.unsafeRates: true`; then it is allowed with a warning (returned). Runs against a
 * simulator (`connectTo` set) are exempt.
 *
 * @throws ConfigError `outbox.unsafeRates` when the pacing is unsafe, the hosts are real and it was not allowed.
 */
export function checkPacingSafety(o: {
  readonly pacing: false | PacingOptions | undefined;
  readonly unsafeRates: boolean;
  readonly realHosts: boolean;
}): string | undefined {
  if (!o.realHosts) return undefined;
  const problems = unsafePacing(o.pacing);
  if (problems.length === 0) return undefined;
  if (!o.unsafeRates) {
    throw new ConfigError(
      'outbox.unsafeRates',
      `outbox: ${problems.join('; ')} is faster than a person and risks the account on the real WeChat servers; use the default pacing, or set outbox.unsafeRates: true if you accept the risk`,
    );
  }
  return `unsafe send rates allowed by outbox.unsafeRates: ${problems.join('; ')}; the server may restrict or ban the account`;
}
