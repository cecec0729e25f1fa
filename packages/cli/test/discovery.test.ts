import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { run, tempDir } from './helpers.js';

const yaml = 'log:\n  level: debug\n';
const json = JSON.stringify({ log: { level: 'debug' } });
const esm = "export default { log: { level: 'debug' } };\n";
const cjs = "module.exports = { log: { level: 'debug' } };\n";
const ts =
  "import { level } from './level.js';\ninterface Log { level: 'debug' | 'info' }\nconst log: Log = { level };\nexport default { log };\n";

const cases: [string, Record<string, string>][] = [
  ['wxbot.config.ts', { 'wxbot.config.ts': ts, 'level.ts': "export const level = 'debug' as const;\n" }],
  ['wxbot.config.mjs', { 'wxbot.config.mjs': esm }],
  ['wxbot.config.js', { 'wxbot.config.js': cjs }],
  ['wxbot.config.json', { 'wxbot.config.json': json }],
  ['wxbot.config.yaml', { 'wxbot.config.yaml': yaml }],
  ['wxbot.config.yml', { 'wxbot.config.yml': yaml }],
  ['.wxbotrc', { '.wxbotrc': yaml }],
  ['.wxbotrc.json', { '.wxbotrc.json': json }],
  ['.wxbotrc.yaml', { '.wxbotrc.yaml': yaml }],
  ['.wxbotrc.yml', { '.wxbotrc.yml': yaml }],
  ['.wxbotrc.js', { '.wxbotrc.js': esm, 'package.json': '{"type":"module"}' }],
  ['.wxbotrc.mjs', { '.wxbotrc.mjs': esm }],
  [
    'package.json',
    { 'package.json': JSON.stringify({ name: 'my-bot', wxbot: { log: { level: 'debug' } } }) },
  ],
];

describe('config discovery', () => {
  test.each(cases)('finds %s', async (name, files) => {
    const dir = await tempDir(files);
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBe(join(dir, name));
    expect(loaded.label).toBe(name);
    expect(loaded.config.log.level).toBe('debug');
    const status = await run(['status', '--json'], dir);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).config).toBe(join(dir, name));
  });

  test('a TypeScript config inside an ESM package ("type": "module")', async () => {
    const dir = await tempDir({
      'package.json': '{"name":"bot","type":"module"}',
      'wxbot.config.ts':
        "import type {} from 'node:fs';\nexport default { login: { mode: 'web' } satisfies { mode: string } };\n",
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config.login.mode).toBe('web');
  });

  test('wxbot.config.* wins over .wxbotrc and package.json', async () => {
    const dir = await tempDir({
      'package.json': JSON.stringify({ wxbot: { log: { level: 'warn' } } }),
      '.wxbotrc': 'log: { level: error }\n',
      'wxbot.config.yaml': yaml,
    });
    expect((await loadConfig({ cwd: dir })).config.log.level).toBe('debug');
  });

  test('a package.json without a "wxbot" key is not a config', async () => {
    const dir = await tempDir({ 'package.json': '{"name":"other"}' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBeUndefined();
    expect(loaded.config.login.mode).toBe('desktop');
  });

  test('searches up to the project root, and resolves paths from the config file', async () => {
    const dir = await tempDir({
      'package.json': '{"name":"bot"}',
      'wxbot.config.yaml':
        'login:\n  sessionFile: state/session.json\n  qrPngFile: qr.png\nlog:\n  file: logs/bot.log\n',
      'src/deep/.keep': '',
    });
    const loaded = await loadConfig({ cwd: join(dir, 'src/deep') });
    expect(loaded.filepath).toBe(join(dir, 'wxbot.config.yaml'));
    expect(loaded.label).toBe(join(dir, 'wxbot.config.yaml'));
    expect(loaded.config.login.sessionFile).toBe(join(dir, 'state/session.json'));
    expect(loaded.config.login.qrPngFile).toBe(join(dir, 'qr.png'));
    expect(loaded.config.log.file).toBe(join(dir, 'logs/bot.log'));
  });

  test('-c loads exactly that file, whatever its name', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': yaml, 'bots/prod.conf': 'log:\n  level: warn\n' });
    const loaded = await loadConfig({ cwd: dir, file: 'bots/prod.conf' });
    expect(loaded.label).toBe(join('bots', 'prod.conf'));
    expect(loaded.config.log.level).toBe('warn');
    expect(loaded.config.login.sessionFile).toBe(join(dir, 'bots/.wxbot/session.json'));
  });

  test('no config at all gives every default, including the sandbox cast', async () => {
    const dir = await tempDir();
    const { config, filepath } = await loadConfig({ cwd: dir });
    expect(filepath).toBeUndefined();
    expect(config).toEqual({
      transport: 'web',
      login: {
        mode: 'desktop',
        sessionFile: join(dir, '.wxbot/session.json'),
        autoRelogin: true,
        reloginCooldownSeconds: 60,
        maxQrAttempts: 5,
        qrPngFile: undefined,
      },
      plugins: [],
      log: { level: 'info', file: undefined, pretty: 'auto' },
      outbox: {
        pacing: true,
        globalPerMinute: undefined,
        perChatPerMinute: undefined,
        typingCharsPerSecond: undefined,
        unsafeRates: false,
        dailyBudget: 300,
        queueUntilNextTurn: false,
      },
      replyLoop: { enabled: true, fastReplySeconds: undefined, strikes: undefined, pauseMinutes: undefined },
      sandbox: {
        cast: {
          self: { nickName: 'wxbot' },
          friends: [{ nickName: 'Alice' }, { nickName: 'Bob' }, { nickName: 'Carol', alias: 'carol_w' }],
          groups: [{ topic: 'Weekend Hikers', members: ['Alice', 'Bob', 'Carol'] }],
        },
      },
      hosts: { connectTo: undefined },
      ilink: { baseUrl: undefined, replyWindowHours: undefined, quotaPerTurn: undefined },
      health: { port: undefined, host: '127.0.0.1' },
      limits: { maxPending: 1000, maxResponseMB: 64, syncRequestsPerSecond: 4 },
    });
  });

  test('plugin entries are normalized: packages, paths, options, enabled', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml':
        'plugins:\n  - "@wxbot/plugin-logger"\n  - ./local.ts\n  - { path: ./x.js, options: { a: 1 }, enabled: false }\n',
    });
    const { config } = await loadConfig({ cwd: dir });
    expect(config.plugins).toEqual([
      { name: '@wxbot/plugin-logger', path: undefined, options: {}, enabled: true },
      { name: undefined, path: './local.ts', options: {}, enabled: true },
      { name: undefined, path: './x.js', options: { a: 1 }, enabled: false },
    ]);
  });
});
