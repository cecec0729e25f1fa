import type { Writable } from 'node:stream';
import { readSafetyState, safetyStatePath, updateSafetyState } from '@wxbot/core';
import type { WxbotConfig } from '../config/schema.js';
import { writeLine } from '../io.js';

/** The notice shown before the first real Web/desktop login of an account. */
export const RISK_NOTICE = [
  'Before you log in: wxbot uses the Web/desktop (UOS) WeChat protocol, and WeChat is hostile to it.',
  '  - Since January 2025 many fresh web/desktop logins are kicked within seconds (synccheck 1102);',
  '    accounts that kept scanning again were warned or banned for a day to a month.',
  '  - Newer accounts are refused (1203); desktop mode needs real-name verification and WeChat Pay.',
  '  - wxbot never scans again by itself after a kick, paces sends like a person and caps them per day.',
  '  Use an account you can afford to lose. For direct messages, the official personal-account bot',
  '  API (iLink) is the safe transport: see "Which transport should I use?" in the README.',
  '  (Shown once for this account.)',
].join('\n');

/**
 * Prints {@link RISK_NOTICE} once per account (remembered in the safety file beside the session
 * file, mode 0600) when the config logs in to the real WeChat hosts. Runs against a simulator
 * (`hosts.connectTo`) never show it. Returns true when it was shown now.
 */
export async function showRiskNoticeOnce(config: WxbotConfig, out: Writable): Promise<boolean> {
  if (config.hosts.connectTo !== undefined) return false;
  const file = safetyStatePath(config.login.sessionFile);
  const state = await readSafetyState(file);
  if (state.noticeShownAt !== undefined) return false;
  writeLine(out, RISK_NOTICE);
  await updateSafetyState(file, (s) => ({ ...s, noticeShownAt: Date.now() })).catch(() => undefined);
  return true;
}
