const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * Parses a duration such as `"30s"`, `"5m"`, `"1h30m"` or `"2d"` into milliseconds; a bare
 * number is seconds (as chatgpt-on-wechat's `expires_in_seconds`). `undefined` when it is not a
 * positive duration.
 *
 * @example
 * parseDuration('1m30s'); // 90000
 * parseDuration(3600);    // 3600000
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number')
    return value > 0 && Number.isFinite(value) ? Math.round(value * 1000) : undefined;
  const s = value.trim();
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (m === null || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }
  return total > 0 && Number.isFinite(total) ? Math.round(total) : undefined;
}

/** Formats milliseconds for people: `45s`, `5m`, `1h 30m`. */
export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
}
