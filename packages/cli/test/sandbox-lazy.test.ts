import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers.js';

// `wxbot start --sandbox` on Web without a console must not load the web console (hono, pages) nor
// the iLink sandbox: they cost startup time and memory for nothing. The real process (bin.ts from
// source through tools/ts-run) runs with a load hook that writes every module URL to a file.
const here = dirname(fileURLToPath(import.meta.url));
const TS_RUN = join(here, '../../../tools/ts-run/register.mjs');
const MODULE_LOG = join(here, 'fixtures/module-log/register.mjs');
const BIN = join(here, '../src/bin.ts');

const CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: { equals: ping }
          scope: private
          reply: pong
log: { level: warn }
`;

async function modulesLoaded(
  args: string[],
): Promise<{ modules: string[]; stdout: string; code: number | null }> {
  const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
  const log = join(dir, 'modules.txt');
  const child = spawn(process.execPath, ['--import', TS_RUN, '--import', MODULE_LOG, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, WXBOT_SANDBOX_FAST: '1', WXBOT_TEST_MODULE_LOG: log },
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.resume();
  child.stdin.end('alice> ping\n');
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const modules = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
  return { modules, stdout, code };
}

const isConsole = (url: string) =>
  /\/packages\/console\//.test(url) || /\/node_modules\/(\.pnpm\/)?hono/.test(url);
const isIlinkSandbox = (url: string) =>
  /\/commands\/ilink-sandbox\.|\/sandbox\/ilink-(console|world)\./.test(url);

describe('wxbot start --sandbox loads what it uses', () => {
  test('on Web without --console: no web console, no iLink sandbox; the bot still answers', async () => {
    const { modules, stdout, code } = await modulesLoaded(['start', '--sandbox']);
    expect(code).toBe(0);
    expect(stdout).toContain('bot → Alice: pong');
    // The log works: the sandbox command itself is in it.
    expect(modules.some((m) => m.includes('/commands/sandbox.'))).toBe(true);
    expect(modules.filter(isConsole)).toEqual([]);
    expect(modules.filter(isIlinkSandbox)).toEqual([]);
  }, 60_000);

  test('with --console the console is loaded (and served)', async () => {
    const { modules, stdout, code } = await modulesLoaded(['start', '--sandbox', '--console']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/console/i);
    expect(modules.some(isConsole)).toBe(true);
  }, 60_000);
});
