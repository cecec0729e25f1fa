import { join } from 'node:path';
import { run, tempDir } from './helpers.js';

// A plugin that fails in its own code is reported at its file and line, with a hint about the
// plugin (not about paths, which were fine).
describe('a plugin that fails to load', () => {
  test('a syntax error in a .mjs plugin: file:line', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml': 'plugins: [./plugins/bad.mjs]\n',
      'plugins/bad.mjs': 'export default {\n  name: "bad",\n  setup( {\n};\n',
    });
    const r = await run(['start', '--sandbox'], dir);
    expect(r.code).toBe(3);
    expect(r.errLines[0]).toBe(
      `wxbot.config.yaml: plugins[0]: plugin "./plugins/bad.mjs" has a syntax error at plugins/bad.mjs:4: Unexpected token ';'`,
    );
    expect(r.errLines[1]).toBe(
      'hint: fix the plugin at the file and line above, then run the command again.',
    );
  });

  test('a throw while loading a .mjs or .ts plugin: file:line:column', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml': 'plugins: [./throws.mjs, ./throws.ts]\n',
      'throws.mjs': 'const a = 1;\nthrow new Error("boom " + a);\nexport default {};\n',
      'throws.ts':
        'const n: number = 2;\nfunction f(): void {\n  throw new Error("ts boom " + n);\n}\nf();\nexport default {};\n',
    });
    const r = await run(['start', '--sandbox'], dir);
    expect(r.code).toBe(3);
    expect(r.errLines).toContain(
      'wxbot.config.yaml: plugins[0]: plugin "./throws.mjs" threw while loading at throws.mjs:2:7: boom 1',
    );
    expect(r.errLines).toContain(
      'wxbot.config.yaml: plugins[1]: plugin "./throws.ts" threw while loading at throws.ts:3:9: ts boom 2',
    );
  });

  test('a plugin path that does not exist keeps the hint about where paths are resolved', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'plugins: [./nope.mjs]\n' });
    const r = await run(['start', '--sandbox'], dir);
    expect(r.code).toBe(3);
    expect(r.errLines.at(-1)).toMatch(/^hint: plugin paths are relative to /);
  });
});

test('a reply image that does not exist is found at start, naming the rule and the full path', async () => {
  const dir = await tempDir({
    'wxbot.config.yaml': [
      'plugins:',
      '  - name: "@wxbot/plugin-autoreply"',
      '    options:',
      '      rules:',
      '        - match: cat',
      '          reply: { image: media/cat.png, text: here }',
      '',
    ].join('\n'),
  });
  const r = await run(['start', '--sandbox'], dir, 'cat\n', { WXBOT_SANDBOX_FAST: '1' });
  expect(r.code).toBe(3);
  expect(r.errLines.at(-1)).toBe(
    `wxbot: config error in plugin "autoreply": auto-reply media missing: rules[0].reply.image: no file ${join(dir, 'media/cat.png')} (relative paths start at ${dir})`,
  );
  expect(r.stdout).not.toContain('ready:');
});
