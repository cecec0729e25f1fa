import { randomInt } from 'node:crypto';
import type { WireSyncKey } from './wire.js';

/**
 * A new `LocalID`/`ClientMsgId`: 13-digit ms timestamp + "0" + 3 random digits, 17 digits in all,
 * as the official client makes them (protocol.md §7.1).
 *
 * @example
 * newClientMsgId() // '17168813001230456'
 */
export function newClientMsgId(now: number = Date.now()): string {
  return `${now}0${String(randomInt(0, 1000)).padStart(3, '0')}`;
}

/** A new `DeviceID`: `e` + 15 random digits. */
export function newDeviceId(): string {
  let digits = '';
  for (let i = 0; i < 15; i++) digits += String(randomInt(0, 10));
  return `e${digits}`;
}

/** `~Date.now()` as the official client sends for `r` / `rr` (a negative int32). */
export function notNow(now: number = Date.now()): number {
  return ~now;
}

/** The synccheck form of a key set: `1_123|2_456|…` (not yet URL-encoded). */
export function formatSyncKey(key: WireSyncKey): string {
  return key.List.map((k) => `${k.Key}_${k.Val}`).join('|');
}

/** True when a key set from the server is usable (Count > 0 and a list). */
export function isUsableSyncKey(key: unknown): key is WireSyncKey {
  if (!key || typeof key !== 'object') return false;
  const k = key as Partial<WireSyncKey>;
  return typeof k.Count === 'number' && k.Count > 0 && Array.isArray(k.List) && k.List.length > 0;
}
