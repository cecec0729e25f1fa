import { ExitCode } from '../src/exit-codes.js';
import { launch, run, tempDir } from './helpers.js';

const FAST = { WXBOT_SANDBOX_FAST: '1' };

const CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: { equals: ping }
          scope: private
          reply: pong
  - name: "@wxbot/plugin-llm"
    options:
      baseURL: https://api.deepseek.com/v1
      model: deepseek-chat
      apiKeyEnv: DEEPSEEK_API_KEY
      private: { prefixes: ["ai "] }
      persona:
        groups: { "Weekend Hikers": "You guide {group}; you talk to {sender}." }
log: { level: warn }
`;

describe('wxbot start --sandbox with the LLM plugin', () => {
  test('answers from the offline model with no key and no network; rules still come first', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const r = launch(['start', '--sandbox'], dir, FAST);
    r.stdin.end(
      [
        'alice> ping',
        'alice> ai 你好',
        'alice> ai 还记得吗',
        'bob@Weekend Hikers> @bot hi',
        'carol> no prefix',
        '',
      ].join('\n'),
    );
    const code = await r.done;
    const out = r.out();
    expect({ code, err: code === 0 ? '' : r.err() }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(
      /^sandbox: the LLM plugin answers from an offline scripted model at http:\/\/127\.0\.0\.1:\d+\/v1/m,
    );
    expect(out).toMatch(/plugins: autoreply, llm$/m);
    expect(out).toContain('bot → Alice: pong');
    expect(out).toContain('bot → Alice: [offline model] You said: 你好');
    expect(out).toContain('bot → Alice: [offline model] You said: 还记得吗 (I remember 1 earlier message)');
    expect(out).toContain('bot → Weekend Hikers: @Bob [offline model] You said: hi');
    expect(out).not.toContain('bot → Carol');
    expect(r.err()).not.toContain('DEEPSEEK_API_KEY');
  });
});

describe('wxbot start with the LLM plugin and no key', () => {
  test('stops before logging in, naming the variable to set', async () => {
    const dir = await tempDir({
      'wxbot.config.yaml': `${CONFIG}hosts: { connectTo: "http://127.0.0.1:9" }\n`,
    });
    const r = await run(['start'], dir, '', {});
    expect(r.code).not.toBe(ExitCode.Ok);
    expect(r.stderr).toContain(
      'the environment variable DEEPSEEK_API_KEY (named by options.apiKeyEnv) is not set',
    );
  });
});

describe('wxbot explain with the LLM plugin', () => {
  test('says whether the LLM would answer and why, after the rules', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': CONFIG });
    const ping = await run(['explain', 'ping', '--from', 'Alice'], dir);
    expect(ping.code).toBe(0);
    expect(ping.stdout).toContain('pong');
    expect(ping.stdout).toMatch(
      /^llm: would not answer: auto-reply rules\[0\].*, listed before it, answers first/m,
    );

    const asked = await run(['explain', 'ai 你好', '--from', 'Alice'], dir);
    expect(asked.stdout).toContain(
      'llm: would answer (a private chat, prefix "ai "): asks deepseek-chat "你好"',
    );

    const plain = await run(['explain', '你好', '--from', 'Alice'], dir);
    expect(plain.stdout).toContain('llm: would not answer: a private chat message without a prefix ("ai ")');

    const group = await run(['explain', '@bot 路线?', '--group', 'Weekend Hikers', '--from', 'Bob'], dir);
    expect(group.stdout).toContain('llm: would answer (a group @mention): asks deepseek-chat "路线?"');
    expect(group.stdout).toContain('llm: persona: "You guide Weekend Hikers; you talk to Bob."');
  });

  test('with only the LLM plugin it explains the LLM; bad LLM options are a config error', async () => {
    const only = await tempDir({
      'wxbot.config.yaml':
        'plugins:\n  - name: "@wxbot/plugin-llm"\n    options: { model: m, apiKeyEnv: null }\n',
    });
    const r = await run(['explain', 'hello', '--group', 'G'], only);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('llm: would not answer: a group message with no @mention');
    const bad = await tempDir({
      'wxbot.config.yaml':
        'plugins:\n  - name: "@wxbot/plugin-llm"\n    options: { model: m, apiKeyEnv: "sk-123456" }\n',
    });
    const b = await run(['explain', 'hello'], bad);
    expect(b.code).toBe(ExitCode.Config);
    expect(b.stderr).toContain('apiKeyEnv: must be the NAME of an environment variable');
    expect(b.stderr).not.toContain('sk-123456');
  });
});
