import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** What a command printed and how it ended. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command (through the shell on Windows, where npm is `npm.cmd`) and collects its output.
 * Rejects with the whole output when it exits non-zero, unless `allowFailure`.
 */
export function sh(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; allowFailure?: boolean },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      shell: process.platform === 'win32',
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && options.allowFailure !== true) {
        reject(
          new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited ${code}\n${stdout}\n${stderr}`),
        );
        return;
      }
      resolve({ code, stdout, stderr });
    });
    if (child.stdin !== null) {
      // A command may exit without reading all its input: that is its business, not a test failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** A publishable workspace package: its folder and package.json name. */
export interface WorkspacePackage {
  dir: string;
  name: string;
  version: string;
}

/** Every package under packages/ that is not private: new packages are picked up by themselves. */
export async function publishablePackages(): Promise<WorkspacePackage[]> {
  const found: WorkspacePackage[] = [];
  for (const entry of (await readdir(join(ROOT, 'packages'), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) continue;
    const dir = join(ROOT, 'packages', entry.name);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{}')) as {
      name?: string;
      version?: string;
      private?: boolean;
    };
    if (pkg.name === undefined || pkg.private === true) continue;
    found.push({ dir, name: pkg.name, version: pkg.version ?? '0.0.0' });
  }
  return found;
}

/** `pnpm pack`s every package into one fresh directory outside the repository; returns it and the files by package. */
export async function packAll(
  packages: WorkspacePackage[],
): Promise<{ dir: string; tarballs: Map<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-tarballs-'));
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    const before = new Set(await readdir(dir));
    await sh('pnpm', ['pack', '--pack-destination', dir], { cwd: p.dir });
    const made = (await readdir(dir)).filter((f) => !before.has(f));
    if (made.length !== 1 || made[0] === undefined)
      throw new Error(`pnpm pack in ${p.dir} made ${made.join(', ')}`);
    tarballs.set(p.name, join(dir, made[0]));
  }
  return { dir, tarballs };
}

/** npm without the audit and funding noise, preferring its cache. */
export const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
