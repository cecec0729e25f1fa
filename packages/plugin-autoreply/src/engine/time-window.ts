/** When a rule applies: minutes-of-day ranges and weekdays, in a time zone. */
export interface TimeWindow {
  /** `[start, end)` in minutes since midnight; `end < start` wraps past midnight. Empty = all day. */
  readonly ranges: readonly (readonly [number, number])[];
  /** Allowed weekdays, 0 = Sunday … 6 = Saturday. Empty = every day. */
  readonly days: ReadonlySet<number>;
  /** IANA time zone, or `undefined` for the machine's local time. */
  readonly timezone: string | undefined;
  /** True: the rule applies OUTSIDE the window (an away message). */
  readonly outside: boolean;
  /** As written, for explanations. */
  readonly label: string;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const HM = /^(\d{1,2}):(\d{2})$/;

function parseClock(text: string): number | undefined {
  const m = HM.exec(text.trim());
  if (m === null) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/**
 * Parses `"09:00-18:00"` (or `"22:00-06:00"`, wrapping past midnight) into a minute range.
 * Throws an `Error` saying what was expected.
 */
export function parseHours(text: string): [number, number] {
  const [a, b, extra] = text.split('-');
  const start = a === undefined ? undefined : parseClock(a);
  const end = b === undefined ? undefined : parseClock(b);
  if (start === undefined || end === undefined || extra !== undefined) {
    throw new Error('must look like "09:00-18:00" (24-hour HH:MM-HH:MM)');
  }
  if (start === end) throw new Error('start and end are equal; leave `hours` out for all day');
  return [start, end];
}

function dayIndex(name: string): number | undefined {
  const i = DAY_NAMES.indexOf(name.trim().toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
  return i < 0 ? undefined : i;
}

/**
 * Parses weekday names and ranges: `"mon-fri"`, `["sat", "sun"]`, `"mon,wed,fri"`.
 * Ranges may wrap (`"fri-mon"`). Throws an `Error` saying what was expected.
 */
export function parseDays(spec: string | readonly string[]): Set<number> {
  const parts = (typeof spec === 'string' ? [spec] : spec).flatMap((s) => s.split(','));
  const days = new Set<number>();
  for (const part of parts) {
    const [a, b, extra] = part.split('-');
    const from = a === undefined ? undefined : dayIndex(a);
    const to = b === undefined ? from : dayIndex(b);
    if (from === undefined || to === undefined || extra !== undefined) {
      throw new Error(
        `"${part}" is not a weekday or range (use mon, tue, wed, thu, fri, sat, sun, e.g. "mon-fri")`,
      );
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days;
}

/** Throws a `RangeError` when `timezone` is not a time zone this runtime knows. */
export function checkTimezone(timezone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: timezone });
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday and minute of day of `date` in `timezone` (local time when undefined). */
export function localTime(date: Date, timezone: string | undefined): { day: number; minute: number } {
  if (timezone === undefined) return { day: date.getDay(), minute: date.getHours() * 60 + date.getMinutes() };
  let f = formatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(date)) {
    if (p.type === 'weekday') day = WEEKDAY[p.value] ?? 0;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** True when `date` falls in the window (ignoring `outside`). */
export function inWindow(window: TimeWindow, date: Date): boolean {
  const { day, minute } = localTime(date, window.timezone);
  if (window.ranges.length === 0) return window.days.size === 0 || window.days.has(day);
  for (const [start, end] of window.ranges) {
    if (start < end) {
      if (minute >= start && minute < end && (window.days.size === 0 || window.days.has(day))) return true;
    } else if (minute >= start) {
      if (window.days.size === 0 || window.days.has(day)) return true;
    } else if (minute < end) {
      // After midnight in a wrapping range: it belongs to the day the range started.
      if (window.days.size === 0 || window.days.has((day + 6) % 7)) return true;
    }
  }
  return false;
}

/** True when a rule with this window applies at `date` (honours `outside`). */
export function windowAllows(window: TimeWindow, date: Date): boolean {
  return inWindow(window, date) !== window.outside;
}
