import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from './helpers.js';

// `wxbot start --sandbox` on Web without a console must not load the web console (hono, pages) nor
// the iLink sandbox: they cost startup time and memory for nothing. The real process (bin.ts from
// source through tools/ts-run) runs with a load hook that writes every module URL to a file. The
// built bundle (dist/bin.js, what users run) must keep them lazy too: there each loaded file is a
// chunk of many sources, read back from its source map.
const here = dirname(fileURLToPath(import.meta.url));
const TS_RUN = join(here, '../../../tools/ts-run/register.mjs');
const MODULE_LOG = join(here, 'fixtures/module-log/register.mjs');
const BIN = join(here, '../src/bin.ts');
const BUILT_BIN = join(here, '../dist/bin.js');

const CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: { equals: ping }
          scope: private
          reply: pong
  - path: ./hello-plugin.mjs
log: { level: warn }
`;

// A plain JavaScript plugin file: importing it needs no TypeScript loader (jiti is for .ts only).
const PLUGIN = `export default { name: 'hello', setup() {} };
`;

async function modulesLoaded(
  args: string[],
  built = false,
): Promise<{ modules: string[]; stdout: string; code: number | null }> {
  // A project folder: cosmiconfig reads its package.json (for a meta config) with its own loaders.
  const dir = await tempDir({
    'package.json': '{ "name": "my-bot", "private": true, "type": "module" }\n',
    'wxbot.config.yaml': CONFIG,
    'hello-plugin.mjs': PLUGIN,
  });
  const log = join(dir, 'modules.txt');
  const node = built
    ? ['--import', MODULE_LOG, BUILT_BIN]
    : ['--import', TS_RUN, '--import', MODULE_LOG, BIN];
  const child = spawn(process.execPath, [...node, ...args], {
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
  return { modules: built ? (await Promise.all(modules.map(withSources))).flat() : modules, stdout, code };
}

/** A bundled file's URL and the URLs of the sources its linked source map says it holds. */
async function withSources(url: string): Promise<string[]> {
  if (!url.startsWith('file:') || !/\/packages\/[^/]+\/dist\//.test(url)) return [url];
  const file = fileURLToPath(url);
  if (!existsSync(`${file}.map`)) return [url];
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
  return [url, ...map.sources.map((s) => pathToFileURL(resolve(dirname(file), s)).href)];
}

const isConsole = (url: string) =>
  /\/packages\/console\//.test(url) || /\/node_modules\/(\.pnpm\/)?hono/.test(url);
const isJiti = (url: string) => /\/node_modules\/(\.pnpm\/)?jiti/.test(url);
const isIlinkSandbox = (url: string) =>
  /\/commands\/ilink-sandbox\.|\/sandbox\/ilink-(console|world)\./.test(url);

describe('wxbot start --sandbox loads what it uses', () => {
  test('on Web without --console: no web console, no iLink sandbox, no TypeScript loader for a .mjs plugin; the bot still answers', async () => {
    const { modules, stdout, code } = await modulesLoaded(['start', '--sandbox']);
    expect(code).toBe(0);
    expect(stdout).toContain('bot → Alice: pong');
    expect(stdout).toMatch(/plugins: .*hello/);
    expect(modules.filter(isJiti)).toEqual([]);
    // The log works: the sandbox command itself is in it.
    expect(modules.some((m) => m.includes('/commands/sandbox.'))).toBe(true);
    expect(modules.filter(isConsole)).toEqual([]);
    expect(modules.filter(isIlinkSandbox)).toEqual([]);
  }, 60_000);

  test('the built bundle keeps them lazy: no chunk that holds the console or the iLink sandbox is loaded', async () => {
    const { modules, stdout, code } = await modulesLoaded(['start', '--sandbox'], true);
    expect(code).toBe(0);
    expect(stdout).toContain('bot → Alice: pong');
    expect(modules.filter(isJiti)).toEqual([]);
    // The log reaches through the chunks to their sources: the sandbox command is in one of them.
    expect(modules.some((m) => m.includes('/src/commands/sandbox.ts'))).toBe(true);
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
