import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { renderStarterConfig } from '../src/commands/init-template.js';
import { loadConfig } from '../src/config/load-config.js';
import { main } from '../src/main.js';
import { run, tempDir } from './helpers.js';

describe('wxbot init', () => {
  test('--yes writes a commented config that validates, and says what to run next', async () => {
    const dir = await tempDir();
    const r = await run(['init', '--yes'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote wxbot.config.yaml');
    expect(r.stdout).toContain('  wxbot start --sandbox\n');
    const text = await readFile(join(dir, 'wxbot.config.yaml'), 'utf8');
    expect(text).toMatch(/^# /m);
    const { config, filepath } = await loadConfig({ cwd: dir });
    expect(filepath).toBe(join(dir, 'wxbot.config.yaml'));
    expect(config.login.mode).toBe('desktop');
    expect(config.plugins.map((p) => p.name)).toEqual(['@wxbot/plugin-autoreply', '@wxbot/plugin-logger']);
    const options = config.plugins[0]?.options as { rules: { scope: string; mentionOnly?: boolean }[] };
    const rules = options.rules;
    expect(rules.map((r) => r.scope)).toEqual(['private', 'group']);
    expect(rules[1]?.mentionOnly).toBe(true);
    expect(config.sandbox.cast.groups[0]?.topic).toBe('Weekend Hikers');
  });

  test('does not overwrite an existing config without --force', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'log: { level: error }\n' });
    const r = await run(['init', '--yes'], dir);
    expect(r.code).toBe(1);
    expect(r.errLines[0]).toBe(
      'wxbot init: a config already exists: wxbot.config.yaml. Nothing was written.',
    );
    expect(await readFile(join(dir, 'wxbot.config.yaml'), 'utf8')).toBe('log: { level: error }\n');
    const forced = await run(['init', '--yes', '--force'], dir);
    expect(forced.code).toBe(0);
    expect((await loadConfig({ cwd: dir })).config.log.level).toBe('warn');
  });

  test('counts a .wxbotrc or package.json#wxbot as an existing config', async () => {
    const rc = await tempDir({ '.wxbotrc': 'log: { level: warn }\n' });
    expect((await run(['init', '--yes'], rc)).code).toBe(1);
    const pkg = await tempDir({ 'package.json': '{"wxbot":{}}' });
    expect((await run(['init', '--yes'], pkg)).code).toBe(1);
    const plain = await tempDir({ 'package.json': '{"name":"x"}' });
    expect((await run(['init', '--yes'], plain)).code).toBe(0);
  });

  test('--dir writes into another directory and the next command points at it', async () => {
    const dir = await tempDir();
    const r = await run(['init', '--yes', '--dir', 'my-bot'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wxbot start --sandbox -c ${join('my-bot', 'wxbot.config.yaml')}`);
    const loaded = await loadConfig({ cwd: dir, file: 'my-bot/wxbot.config.yaml' });
    expect(loaded.config.login.sessionFile).toBe(join(dir, 'my-bot/.wxbot/session.json'));
  });

  test('answers with quotes and colons still give a valid file', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'wxbot.config.yaml'),
      renderStarterConfig({ botName: 'Bot: "the #1"', group: "Mom's: group # 2", archive: false }),
    );
    const { config } = await loadConfig({ cwd: dir });
    expect(config.sandbox.cast.self.nickName).toBe('Bot: "the #1"');
    expect(config.sandbox.cast.groups[0]?.topic).toBe("Mom's: group # 2");
    expect(config.plugins[1]?.options).toEqual({ archive: false });
  });

  test('asks the questions on stdin when --yes is not given', async () => {
    const dir = await tempDir();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const answers = ['Robo\r', 'Chess Club\r', 'n\r'];
    const done = main(['init'], {}, { stdin, stdout, stderr, cwd: dir });
    // Each answer goes in once its question is on screen.
    for (const [i, answer] of answers.entries()) {
      const question = ['nickname', 'group', 'archive'][i]!;
      for (let t = 0; t < 200 && !out.includes(question); t++) await new Promise((r) => setTimeout(r, 5));
      stdin.write(answer);
    }
    expect(await done).toBe(0);
    const { config } = await loadConfig({ cwd: dir });
    expect(config.sandbox.cast.self.nickName).toBe('Robo');
    expect(config.sandbox.cast.groups[0]?.topic).toBe('Chess Club');
    expect(config.plugins[1]?.options).toEqual({ archive: false });
  });
});
