import { join } from 'node:path';
import { DEFAULT_CONFIG_HINT } from '../src/config/errors.js';
import { ExitCode } from '../src/exit-codes.js';
import { FIXTURES, run, tempDir } from './helpers.js';

/** Runs `wxbot start` on a config with these contents and returns its stderr lines. */
async function startWith(name: string, contents: string, files: Record<string, string> = {}) {
  const dir = await tempDir({ [name]: contents, ...files });
  const r = await run(['start'], dir);
  return { ...r, dir };
}

describe('bad configs exit 3 with one line per problem', () => {
  test('wrong type', async () => {
    const r = await startWith('wxbot.config.yaml', 'login:\n  maxQrAttempts: five\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines).toEqual([
      'wxbot.config.yaml: login.maxQrAttempts: expected a number, got "five"',
      DEFAULT_CONFIG_HINT,
    ]);
  });

  test('unknown key, with a "did you mean" suggestion', async () => {
    const r = await startWith('wxbot.config.yaml', 'log:\n  levle: debug\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe('wxbot.config.yaml: log.levle: unknown key; did you mean "level"?');
  });

  test('unknown key with nothing close lists the known keys', async () => {
    const r = await startWith('wxbot.config.yaml', 'health:\n  banana: 1\n');
    expect(r.errLines[0]).toBe('wxbot.config.yaml: health.banana: unknown key (known keys: port, host)');
  });

  test('an unknown transport names the ones that exist', async () => {
    const r = await startWith('wxbot.config.yaml', 'transport: carrier-pigeon\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe('wxbot.config.yaml: transport: expected "web", got "carrier-pigeon"');
  });

  test('bad enum value', async () => {
    const r = await startWith('wxbot.config.yaml', 'login:\n  mode: mobile\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe(
      'wxbot.config.yaml: login.mode: expected one of "desktop", "web", got "mobile"',
    );
  });

  test('every problem at once, in a JSON config', async () => {
    const r = await startWith(
      '.wxbotrc.json',
      JSON.stringify({
        logn: {},
        log: { level: 'loud', pretty: 'yes' },
        health: { port: 70000 },
        hosts: { connectTo: 'ftp://x' },
        plugins: [42, { name: 'a', path: './b.js' }],
        sandbox: { cast: { groups: [{ topic: 'G', members: [] }] } },
      }),
    );
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines.sort()).toEqual(
      [
        '.wxbotrc.json: logn: unknown key; did you mean "login"?',
        '.wxbotrc.json: log.level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
        '.wxbotrc.json: log.pretty: expected auto, true or false, got "yes"',
        '.wxbotrc.json: health.port: expected a number <= 65535, got 70000',
        '.wxbotrc.json: hosts.connectTo: expected an http(s) URL, got "ftp://x"',
        '.wxbotrc.json: plugins[0]: expected a package name, a path, or { name | path, options?, enabled? }, got 42',
        '.wxbotrc.json: plugins[1]: expected exactly one of `name` (a package) or `path` (a file), got an object',
        '.wxbotrc.json: sandbox.cast.groups[0].members: expected at least 1 item, got an empty list',
        DEFAULT_CONFIG_HINT,
      ].sort(),
    );
  });

  test('a missing plugin file names the paths tried', async () => {
    const r = await startWith('wxbot.config.yaml', 'plugins:\n  - ./plugins/nope\n');
    expect(r.code).toBe(ExitCode.Config);
    const base = join(r.dir, 'plugins/nope');
    const tried = ['', '.ts', '.mts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js', '/index.mjs'].map(
      (s) => base + s,
    );
    expect(r.errLines).toEqual([
      `wxbot.config.yaml: plugins[0]: plugin file "./plugins/nope" not found; tried ${tried.join(', ')}; fix the path (it is relative to the config file)`,
      `hint: plugin paths are relative to ${r.dir}; packages are looked up from there too.`,
    ]);
  });

  test('a missing plugin package names the node_modules folders tried', async () => {
    const r = await startWith('wxbot.config.yaml', 'plugins:\n  - wxbot-plugin-does-not-exist\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toMatch(
      /^wxbot\.config\.yaml: plugins\[0\]: plugin package "wxbot-plugin-does-not-exist" not found; tried /,
    );
    expect(r.errLines[0]).toContain(join(r.dir, 'node_modules', 'wxbot-plugin-does-not-exist'));
    expect(r.errLines[0]).toMatch(/; install it \(npm i wxbot-plugin-does-not-exist\) or fix the name$/);
  });

  test('a module that is not a plugin says what it exports', async () => {
    const r = await startWith(
      'wxbot.config.yaml',
      `plugins:\n  - path: ${join(FIXTURES, 'not-a-plugin.mjs')}\n`,
    );
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe(
      `wxbot.config.yaml: plugins[0]: "${join(FIXTURES, 'not-a-plugin.mjs')}" is not a plugin: expected its default export (or an export named "plugin") to be an object { name, setup }, found exports default (a function), version (2)`,
    );
  });

  test('plugin options are checked by the plugin schema, with the full path', async () => {
    const r = await startWith(
      'wxbot.config.yaml',
      `plugins:\n  - path: ${join(FIXTURES, 'rules-plugin.ts')}\n    options:\n      rules:\n        - match: 42\n          reply: hi\n        - match: ok\n          replly: hi\n`,
    );
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines.slice(0, -1).sort()).toEqual(
      [
        'wxbot.config.yaml: plugins[0].options.rules[0].match: expected a string or /regex/, got 42',
        'wxbot.config.yaml: plugins[0].options.rules[1].reply: missing, expected a string',
        'wxbot.config.yaml: plugins[0].options.rules[1].replly: unknown key; did you mean "reply"?',
      ].sort(),
    );
  });

  test('two plugins with the same name', async () => {
    const r = await startWith(
      'wxbot.config.yaml',
      `plugins:\n  - ${join(FIXTURES, 'echo-plugin.mjs')}\n  - ${join(FIXTURES, 'echo-again.mjs')}\n`,
    );
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe(
      'wxbot.config.yaml: plugins[1]: duplicate plugin name "echo" (plugins[0] has it too); remove one or set enabled: false',
    );
  });

  test('YAML syntax error with line and column', async () => {
    const r = await startWith(
      'wxbot.config.yaml',
      'login:\n  mode: web\nplugins: [a, b\nlog:\n  level: info\n',
    );
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toMatch(
      /^wxbot\.config\.yaml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    );
    expect(r.errLines.at(-1)).toMatch(/^hint: YAML is indentation-sensitive/);
  });

  test('JSON syntax error with line and column', async () => {
    const r = await startWith('wxbot.config.json', '{\n  "log": {\n    "level": "info",\n  }\n}\n');
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toMatch(/^wxbot\.config\.json:4:3: JSON syntax error: /);
  });

  test('-c with a file that does not exist', async () => {
    const dir = await tempDir();
    const r = await run(['start', '-c', 'prod.yaml'], dir);
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines).toEqual([
      'prod.yaml: no such file',
      'hint: check the -c path, or run `wxbot init` to write a starter wxbot.config.yaml.',
    ]);
  });

  test('a TypeScript config that throws', async () => {
    const r = await startWith('wxbot.config.ts', "throw new Error('boom');\nexport default {};\n");
    expect(r.code).toBe(ExitCode.Config);
    expect(r.errLines[0]).toBe('wxbot.config.ts: could not be loaded: boom');
  });

  test('disabled plugins are not loaded at all', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml': 'log: { level: silent }\nplugins:\n  - { path: ./missing.js, enabled: false }\n',
    });
    const r = await run(['start', '--sandbox'], dir, '', { WXBOT_SANDBOX_FAST: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ready: .*plugins: none$/m);
  });
});
