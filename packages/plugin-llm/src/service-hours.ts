import type { LlmOptions } from './options.js';

type Hours = NonNullable<LlmOptions['serviceHours']>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since midnight of `now` in `timeZone` (the machine's zone when unset). */
export function minuteOfDay(now: Date, timeZone?: string): number {
  if (timeZone === undefined) return now.getHours() * 60 + now.getMinutes();
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  let h = 0;
  let m = 0;
  for (const part of f.formatToParts(now)) {
    if (part.type === 'hour') h = Number(part.value);
    if (part.type === 'minute') m = Number(part.value);
  }
  return h * 60 + m;
}

function minutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * True when `now` is within the service hours: from `from` (included) to `to` (excluded);
 * `from` after `to` is an overnight range ("22:00"–"06:00"); equal times mean all day.
 */
export function isOpen(hours: Hours, now: Date): boolean {
  const at = minuteOfDay(now, hours.timezone);
  const from = minutes(hours.from);
  const to = minutes(hours.to);
  if (from === to) return true;
  return from < to ? at >= from && at < to : at >= from || at < to;
}
