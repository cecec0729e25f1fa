import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main, packageNameFor } from 'create-wxbot';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'create-wxbot-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  err.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await main(argv, env, { cwd, stdout: out, stderr: err });
  return { code, stdout, stderr };
}

test('makes a project that asks for the @wxbot packages of its own release', async () => {
  const cwd = await temp();
  const r = await run(['My Bot'], cwd);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Created my-bot in My Bot');
  expect(r.stdout).toContain('npm run sandbox');
  const pkg = JSON.parse(await readFile(join(cwd, 'My Bot', 'package.json'), 'utf8'));
  const own = JSON.parse(await readFile(join(import.meta.dirname, '../package.json'), 'utf8')) as {
    version: string;
  };
  expect(pkg.name).toBe('my-bot');
  expect(pkg.dependencies).toEqual({ '@wxbot/cli': `^${own.version}`, '@wxbot/core': `^${own.version}` });
  expect(pkg.devDependencies['@wxbot/testing']).toBe(`^${own.version}`);
  expect(pkg.overrides).toBeUndefined();
  expect(pkg.scripts).toMatchObject({ start: 'wxbot start', sandbox: 'wxbot start --sandbox' });
  const config = await readFile(join(cwd, 'My Bot', 'wxbot.config.yaml'), 'utf8');
  expect(config).toContain('path: ./src/time-plugin.ts');
  expect(config).toMatch(/^ {2}level: warn$/m);
});

test('WXBOT_TARBALLS: every @wxbot package, also the indirect ones, comes from the tarballs', async () => {
  const cwd = await temp();
  const tgz = join(cwd, 'tgz');
  await mkdir(tgz);
  for (const f of [
    'wxbot-cli-0.2.0.tgz',
    'wxbot-core-0.2.0.tgz',
    'wxbot-simulator-0.2.0.tgz',
    'wxbot-testing-0.2.0.tgz',
    'notes.txt',
  ]) {
    await writeFile(join(tgz, f), '');
  }
  const r = await run(['bot'], cwd, { WXBOT_TARBALLS: 'tgz' });
  expect(r.code).toBe(0);
  const pkg = JSON.parse(await readFile(join(cwd, 'bot', 'package.json'), 'utf8'));
  const spec = (name: string) => `file:${join(tgz, name).replace(/\\/g, '/')}`;
  expect(pkg.dependencies['@wxbot/cli']).toBe(spec('wxbot-cli-0.2.0.tgz'));
  expect(pkg.overrides).toEqual({
    '@wxbot/cli': spec('wxbot-cli-0.2.0.tgz'),
    '@wxbot/core': spec('wxbot-core-0.2.0.tgz'),
    '@wxbot/simulator': spec('wxbot-simulator-0.2.0.tgz'),
    '@wxbot/testing': spec('wxbot-testing-0.2.0.tgz'),
  });
});

test('refuses a directory that is not empty, and tarballs without the CLI, saying what to do', async () => {
  const cwd = await temp();
  await mkdir(join(cwd, 'taken'));
  await writeFile(join(cwd, 'taken', 'x'), '');
  const taken = await run(['taken'], cwd);
  expect(taken.code).toBe(1);
  expect(taken.stderr).toMatch(/taken already exists and is not empty; pick a new directory name/);
  await mkdir(join(cwd, 'empty'));
  const none = await run(['bot'], cwd, { WXBOT_TARBALLS: 'empty' });
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/has no tarball of @wxbot\/cli \(expected a file like wxbot-cli-0\.1\.0\.tgz/);
  expect((await run(['a', 'b'], cwd)).code).toBe(2);
});

test('package names are valid npm names', () => {
  expect(packageNameFor('/x/My Bot!')).toBe('my-bot');
  expect(packageNameFor('/x/.hidden')).toBe('hidden');
});
