import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixture directory (protocol.md's real-shaped server answers). */
export const FIXTURES =
  process.env.WXBOT_FIXTURES ?? fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Every fixture file name matching `re`. */
export function fixtureNames(re: RegExp): string[] {
  return readdirSync(FIXTURES).filter((n) => re.test(n));
}
