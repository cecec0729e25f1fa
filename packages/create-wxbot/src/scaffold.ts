import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateFiles, type WxbotDependencies } from './template.js';

/** The env var naming a directory of packed `@wxbot/*` tarballs to depend on instead of the registry. */
export const TARBALLS_ENV = 'WXBOT_TARBALLS';

/** A problem the user can fix (a taken directory, a bad name, no tarballs): printed without a stack. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

/** What {@link scaffold} needs. */
export interface ScaffoldOptions {
  /** Where to create the project (relative to `cwd`). */
  readonly dir: string;
  readonly cwd: string;
  /** A directory of `pnpm pack` tarballs (`wxbot-cli-0.1.0.tgz`, …), see {@link TARBALLS_ENV}. */
  readonly tarballs?: string | undefined;
}

/** What {@link scaffold} made. */
export interface ScaffoldResult {
  /** Absolute path of the new project. */
  readonly dir: string;
  /** The package name written to its package.json. */
  readonly name: string;
  readonly files: readonly string[];
  /** True when the `@wxbot/*` packages come from local tarballs. */
  readonly fromTarballs: boolean;
}

/** This package's own version: the new project asks for the `@wxbot/*` packages of the same release. */
async function ownVersion(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(await readFile(join(here, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** `wxbot-plugin-autoreply-0.1.0.tgz` → `@wxbot/plugin-autoreply` (pnpm pack's naming). */
function packageOfTarball(file: string): string | undefined {
  const m = /^wxbot-(.+)-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/.exec(file);
  return m?.[1] === undefined ? undefined : `@wxbot/${m[1]}`;
}

async function dependencies(tarballs: string | undefined, cwd: string): Promise<WxbotDependencies> {
  if (tarballs === undefined || tarballs === '') {
    const range = `^${await ownVersion()}`;
    return { specs: { '@wxbot/cli': range, '@wxbot/core': range, '@wxbot/testing': range }, overrides: {} };
  }
  const dir = resolve(cwd, tarballs);
  const files = await readdir(dir).catch(() => {
    throw new ScaffoldError(`${TARBALLS_ENV}=${tarballs}: no such directory`);
  });
  const specs: Record<string, string> = {};
  for (const file of files.sort()) {
    const name = packageOfTarball(file);
    if (name !== undefined) specs[name] = `file:${join(dir, file).replace(/\\/g, '/')}`;
  }
  for (const needed of ['@wxbot/cli', '@wxbot/core', '@wxbot/testing']) {
    if (specs[needed] === undefined) {
      throw new ScaffoldError(
        `${TARBALLS_ENV}=${tarballs} has no tarball of ${needed} (expected a file like ${needed.replace('@wxbot/', 'wxbot-')}-0.1.0.tgz, as \`pnpm pack\` names them)`,
      );
    }
  }
  // Overrides make the indirect @wxbot/* dependencies (the CLI's core, simulator, plugins) use the tarballs too.
  return { specs, overrides: { ...specs } };
}

/** A valid npm package name from a directory name. */
export function packageNameFor(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'my-bot' : name.slice(0, 214);
}

/**
 * Creates a new bot project in `dir` (which must not exist or be empty): a config, one plugin, one
 * transcript test, and scripts to run it, test it and try it in the sandbox.
 *
 * @example
 * const made = await scaffold({ dir: 'my-bot', cwd: process.cwd(), tarballs: process.env.WXBOT_TARBALLS });
 */
export async function scaffold(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const dir = resolve(options.cwd, options.dir);
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) {
    throw new ScaffoldError(`${dir} already exists and is not empty; pick a new directory name`);
  }
  const name = packageNameFor(dir);
  const deps = await dependencies(options.tarballs, options.cwd);
  const files = templateFiles(name, deps);
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  return { dir, name, files: files.map((f) => f.path), fromTarballs: Object.keys(deps.overrides).length > 0 };
}
