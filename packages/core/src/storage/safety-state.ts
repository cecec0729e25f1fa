import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { SessionEnd, SessionEndKind } from '../adapter/session-end.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * What wxbot remembers about an account's safety, beside its session file
 * (`session.json` → `session.safety.json`, mode 0600). It holds no secrets.
 */
export interface SafetyState {
  /** When the Web-protocol risk notice was shown for this account (ms since epoch). */
  readonly noticeShownAt?: number;
  /** How the last session ended, as classified. */
  readonly lastEnd?: SessionEnd;
  /** Sends counted against the daily budget: the local day (`YYYY-MM-DD`) and the count. */
  readonly sends?: { readonly day: string; readonly count: number };
}

/** The safety file beside a session file: `session.json` → `session.safety.json`. */
export function safetyStatePath(sessionFile: string): string {
  const ext = extname(sessionFile);
  return join(dirname(sessionFile), `${basename(sessionFile, ext)}.safety.json`);
}

const KINDS: ReadonlySet<SessionEndKind> = new Set([
  'phoneLogout',
  'replaced',
  'expired',
  'restricted',
  'rateLimited',
  'environmentRefused',
]);

function parseEnd(v: unknown): SessionEnd | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const e = v as Record<string, unknown>;
  if (typeof e.kind !== 'string' || !KINDS.has(e.kind as SessionEndKind)) return undefined;
  if (typeof e.message !== 'string' || typeof e.at !== 'number') return undefined;
  return {
    kind: e.kind as SessionEndKind,
    code: typeof e.code === 'number' ? e.code : undefined,
    message: e.message.slice(0, 500),
    mayRelogin: e.mayRelogin === true,
    at: e.at,
  };
}

/**
 * Reads the safety file; a missing or unreadable file is an empty state (never an error: it only
 * holds reminders and counters).
 */
export async function readSafetyState(file: string): Promise<SafetyState> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object') return {};
  const o = v as Record<string, unknown>;
  const sends = o.sends as Record<string, unknown> | undefined;
  const lastEnd = parseEnd(o.lastEnd);
  return {
    ...(typeof o.noticeShownAt === 'number' ? { noticeShownAt: o.noticeShownAt } : {}),
    ...(lastEnd ? { lastEnd } : {}),
    ...(sends && typeof sends.day === 'string' && typeof sends.count === 'number' && sends.count >= 0
      ? { sends: { day: sends.day, count: Math.floor(sends.count) } }
      : {}),
  };
}

// One writer at a time per file inside this process: read-modify-write must not interleave.
const chains = new Map<string, Promise<unknown>>();

/**
 * Changes the safety file: reads it, applies `change`, writes it atomically (0600).
 *
 * @example
 * await updateSafetyState(safetyStatePath('.wxbot/session.json'), (s) => ({ ...s, noticeShownAt: Date.now() }));
 */
export function updateSafetyState(
  file: string,
  change: (state: SafetyState) => SafetyState,
): Promise<SafetyState> {
  const previous = chains.get(file) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const state = change(await readSafetyState(file));
      await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
      return state;
    });
  chains.set(file, next);
  void next
    .finally(() => {
      if (chains.get(file) === next) chains.delete(file);
    })
    .catch(() => undefined);
  return next;
}
