import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { PhoneMessageSpec } from '@wxbot/simulator';

type MediaSpec = Extract<PhoneMessageSpec, { kind: 'image' | 'file' }>;

/** Largest file the sandbox prompt sends (the simulator holds it in memory). */
const MAX_BYTES = 25 * 1024 * 1024;

/**
 * Reads a local file for `/image PATH` or `/file PATH` at the sandbox prompt and turns it into
 * what the simulated phone sends. Throws an error that names the path and the problem.
 *
 * @example
 * sim.phone.say(alice, await mediaSpec('image', 'cat.png', process.cwd()));
 */
export async function mediaSpec(kind: 'image' | 'file', path: string, cwd: string): Promise<MediaSpec> {
  const file = resolve(cwd, path);
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      err.code === 'ENOENT' ? `no file ${file}` : `cannot read ${file}: ${err.code ?? err.message}`,
    );
  });
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  if (info.size > MAX_BYTES)
    throw new Error(`${file} is ${info.size} bytes; the sandbox sends at most ${MAX_BYTES}`);
  const data = new Uint8Array(await readFile(file));
  if (kind === 'image') return { kind: 'image', data };
  return { kind: 'file', name: basename(file), ext: extname(file).slice(1), data };
}
