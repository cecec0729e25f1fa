import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NPM_QUIET, packAll, publishablePackages, sh, type WorkspacePackage } from './helpers.js';

// What a user gets from the registry: each workspace package packed as it would be published,
// installed with plain npm in an empty directory outside the repository, and run there.
// Needs the build (dist/) and the npm registry for third-party dependencies.

let packages: WorkspacePackage[];
let packed: { dir: string; tarballs: Map<string, string> };
const cleanup: string[] = [];

beforeAll(async () => {
  packages = await publishablePackages();
  packed = await packAll(packages);
  cleanup.push(packed.dir);
});

afterAll(async () => {
  await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
});

async function emptyDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

const FAST = { WXBOT_SANDBOX_FAST: '1' };

test('every publishable package packs, with a README, types and no workspace: ranges', async () => {
  expect(packages.map((p) => p.name)).toEqual(
    expect.arrayContaining(['@wxbot/core', '@wxbot/cli', 'create-wxbot']),
  );
  for (const p of packages) {
    const tarball = packed.tarballs.get(p.name) ?? '';
    const list = (await sh('tar', ['tzf', tarball], { cwd: packed.dir })).stdout.split('\n');
    expect(list).toContain('package/README.md');
    expect(list).toContain('package/package.json');
    expect(list.some((f) => f.endsWith('.d.ts'))).toBe(true);
    expect(list.some((f) => f.endsWith('.tsbuildinfo'))).toBe(false);
    // Every JavaScript file ships with its linked source map (stack traces can be mapped back).
    for (const js of list.filter((f) => f.endsWith('.js') && f.startsWith('package/dist/')))
      expect({ package: p.name, map: list.includes(`${js}.map`) }).toEqual({ package: p.name, map: true });
    const manifest = (await sh('tar', ['xzfO', tarball, 'package/package.json'], { cwd: packed.dir })).stdout;
    expect(manifest).not.toContain('workspace:');
    const pkg = JSON.parse(manifest) as Record<string, unknown>;
    for (const key of ['version', 'license', 'repository', 'engines', 'exports', 'types', 'files']) {
      expect({ package: p.name, key, present: pkg[key] !== undefined }).toEqual({
        package: p.name,
        key,
        present: true,
      });
    }
  }
});

test('installed from the tarballs with npm in an empty directory: every package imports, wxbot runs, a plugin test passes', async () => {
  const dir = await emptyDir('wxbot-installed-');
  const specs = Object.fromEntries([...packed.tarballs].map(([name, file]) => [name, `file:${file}`]));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'installed-check',
      private: true,
      type: 'module',
      dependencies: specs,
      overrides: specs,
    }),
  );
  await sh('npm', ['install', ...NPM_QUIET], { cwd: dir });

  for (const p of packages) {
    const r = await sh('node', ['--input-type=module', '-e', `await import(${JSON.stringify(p.name)})`], {
      cwd: dir,
      allowFailure: true,
    });
    expect({ package: p.name, code: r.code, stderr: r.stderr }).toEqual({
      package: p.name,
      code: 0,
      stderr: '',
    });
  }

  // The bundled entry points beside the main ones (scripts/bundle.mjs).
  const subpaths = await sh(
    'node',
    [
      '--input-type=module',
      '-e',
      "const i = await import('@wxbot/core/internal'); const { z } = await import('@wxbot/core/zod'); console.log(typeof i.PluginHost, z.string().parse('ok'))",
    ],
    { cwd: dir },
  );
  expect(subpaths.stdout.trim()).toBe('function ok');

  const help = await sh('npx', ['--no-install', 'wxbot', '--help'], { cwd: dir });
  expect(help.stdout).toMatch(/^Usage: wxbot /m);

  const sandbox = await sh('npx', ['--no-install', 'wxbot', 'start', '--sandbox'], {
    cwd: dir,
    env: FAST,
    input: 'ping\n/as Bob@Weekend Hikers\n@bot hello\n',
  });
  expect(sandbox.stdout).toContain('bot → Alice: pong');
  expect(sandbox.stdout).toContain('bot → Weekend Hikers: @Bob Hi Bob!');
  expect(sandbox.stdout).toMatch(
    /sandbox: stopped; 2 message\(s\) typed, the bot received 2, sent 2, 0 failed/,
  );

  // A plugin file of the user's, importing `@wxbot/core` (and `/internal`) and its own `zod`: the
  // scope the CLI hands it must be an instance of the classes the plugin imports (one core, shared
  // by the CLI and the plugin, and by core's two entry points), and the CLI validates its options
  // with the plugin's schema from the other zod copy.
  await writeFile(
    join(dir, 'same-core.mjs'),
    `import { Composer } from '@wxbot/core';
import { PluginScope } from '@wxbot/core/internal';
import { z } from 'zod';

export default {
  name: 'same-core',
  schema: z.object({ greeting: z.string().min(2) }),
  setup(bot, options) {
    console.log('same-core: ' + (bot instanceof Composer) + ' ' + (bot instanceof PluginScope) + ' ' + options.greeting);
  },
};
`,
  );
  const sameCore = (greeting: unknown) =>
    writeFile(
      join(dir, 'wxbot.config.json'),
      JSON.stringify({ plugins: [{ path: './same-core.mjs', options: { greeting } }] }),
    );
  await sameCore('hello');
  const shared = await sh('npx', ['--no-install', 'wxbot', 'start', '--sandbox', '-c', 'wxbot.config.json'], {
    cwd: dir,
    env: FAST,
    input: '',
  });
  expect(shared.stdout).toContain('same-core: true true hello');
  await sameCore(1);
  const refused = await sh(
    'npx',
    ['--no-install', 'wxbot', 'start', '--sandbox', '-c', 'wxbot.config.json'],
    {
      cwd: dir,
      env: FAST,
      input: '',
      allowFailure: true,
    },
  );
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('wxbot.config.json: plugins[0].options.greeting: ');
  expect(refused.stdout).not.toContain('same-core:');

  await writeFile(
    join(dir, 'shout.test.mjs'),
    `import { test } from 'node:test';
import { definePlugin } from '@wxbot/core';
import { createTestBot } from '@wxbot/testing';

const shout = definePlugin({ name: 'shout', setup(bot) { bot.on('text', (ctx) => ctx.reply(ctx.text.toUpperCase())); } });

test('a plugin answers through the installed test kit', async () => {
  const kit = await createTestBot({ plugins: [shout], cast: { friends: ['alice'] } });
  try {
    kit.friend('alice').says('hello');
    await kit.friend('alice').expectsReply('HELLO');
  } finally {
    await kit.stop();
  }
});
`,
  );
  const tested = await sh('node', ['--test', 'shout.test.mjs'], { cwd: dir });
  expect(tested.stdout).toMatch(/^# pass 1$/m);
  expect(tested.stdout).toMatch(/^# fail 0$/m);
}, 600_000);

test('create-wxbot from its tarball: the new project passes its own test and runs its sandbox', async () => {
  const dir = await emptyDir('wxbot-create-');
  const creator = packed.tarballs.get('create-wxbot') ?? '';
  const created = await sh(
    'npm',
    ['exec', '--yes', `--package=file:${creator}`, '--', 'create-wxbot', 'my-bot'],
    {
      cwd: dir,
      env: { WXBOT_TARBALLS: packed.dir },
    },
  );
  expect(created.stdout).toContain('Created my-bot in my-bot');
  const project = join(dir, 'my-bot');
  const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['start', 'sandbox', 'test']));

  await sh('npm', ['install', ...NPM_QUIET], { cwd: project });
  const tested = await sh('npm', ['test'], { cwd: project });
  expect(tested.stdout).toMatch(/^# pass 1$/m);
  await sh('npm', ['run', 'typecheck'], { cwd: project });

  const sandbox = await sh('npm', ['run', 'sandbox'], { cwd: project, env: FAST, input: '/time\nping\n' });
  expect(sandbox.stdout).toMatch(/plugins: time, autoreply, logger/);
  expect(sandbox.stdout).toMatch(/bot → Alice: It is \d\d:\d\d\./);
  expect(sandbox.stdout).toContain('bot → Alice: pong');
  expect(sandbox.stdout).toMatch(
    /sandbox: stopped; 2 message\(s\) typed, the bot received 2, sent 2, 0 failed/,
  );
}, 600_000);
