import { describe, expect, test } from '@jest/globals';
import { validatePluginOptions } from '@wxbot/core';
import { explainLlm, llm } from '../../src/index.js';

describe('options', () => {
  test('defaults are those documented', () => {
    const o = validatePluginOptions(llm, { model: 'deepseek-chat' });
    expect(o).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      timeoutMs: 20_000,
      retry: { attempts: 2 },
      memory: { maxTokens: 2000, idleExpiry: 3_600_000, clearCommands: ['#清除记忆'] },
      group: { mention: true, allow: ['*'], memory: 'per-member' },
      limits: { maxParts: 3 },
      vision: { enabled: false },
    });
  });

  test('a key pasted into apiKeyEnv is refused without echoing it back', () => {
    const key = 'sk-abcdef0123456789';
    let message = '';
    try {
      validatePluginOptions(llm, { model: 'm', apiKeyEnv: key });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('options.apiKeyEnv: must be the NAME of an environment variable');
    expect(message).not.toContain(key);
  });

  test('bad values say where and what', () => {
    expect(() => validatePluginOptions(llm, { model: 'm', memory: { idleExpiry: 'soon' } })).toThrow(
      /options\.memory\.idleExpiry: idleExpiry must be a duration such as "30s"/,
    );
    expect(() =>
      validatePluginOptions(llm, { model: 'm', serviceHours: { from: '8am', to: '22:00' } }),
    ).toThrow(/options\.serviceHours\.from: must be a time of day "HH:MM"/);
    expect(() => validatePluginOptions(llm, { model: 'm', single_chat_prefix: ['bot'] })).toThrow(
      /single_chat_prefix/,
    );
    expect(() => validatePluginOptions(llm, {})).toThrow(/options\.model/);
  });
});

describe('explainLlm', () => {
  const options = {
    model: 'deepseek-chat',
    group: { prefixes: ['ai'] },
    persona: { groups: { Hikers: 'Guide for {group}, talking to {sender}.' } },
  };

  test('says it would answer, with the question, the persona and the memory', () => {
    const lines = explainLlm(options, { text: '你好', group: 'Hikers', from: 'Bob', mentioned: true });
    expect(lines[0]).toBe('llm: would answer (a group @mention): asks deepseek-chat "你好"');
    expect(lines[1]).toBe('llm: persona: "Guide for Hikers, talking to Bob."');
    expect(lines.join('\n')).toContain('rate limits: none');
  });

  test('says why not, or that an earlier plugin answers first', () => {
    expect(explainLlm(options, { text: 'hello', group: 'Hikers', from: 'Bob' })).toEqual([
      'llm: would not answer: a group message with no @mention, no prefix ("ai")',
    ]);
    expect(explainLlm(options, { text: 'ping', answeredBy: 'auto-reply rules[0] (name "ping")' })[0]).toMatch(
      /^llm: would not answer: auto-reply rules\[0\] \(name "ping"\), listed before it, answers first/,
    );
  });
});

describe('unknown keys', () => {
  test('are refused at any depth, with the path', () => {
    expect(() => validatePluginOptions(llm, { model: 'm', memory: { expires_in_seconds: 60 } })).toThrow(
      /options\.memory.*expires_in_seconds/,
    );
  });
});
