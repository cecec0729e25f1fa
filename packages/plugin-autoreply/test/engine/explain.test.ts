import { createAutoreply } from '../../src/engine/autoreply.js';
import { formatExplanation } from '../../src/engine/explain.js';
import { explain } from '../../src/explain-cli.js';
import { dm } from '../helpers.js';

const CONFIG = {
  timezone: 'UTC',
  rules: [
    { name: 'hello', match: ['hi', 'hello'], reply: 'hello {sender}' },
    { name: 'weather', match: { regex: '^天气\\s*(.+)$' }, priority: 5, reply: '{1}: sunny' },
    { name: 'any-weather', match: '天气', reply: 'ask me: 天气 <city>' },
    { name: 'vip', match: { any: true }, contacts: ['Olivia'], reply: 'hi boss' },
    { name: 'hikers', match: '天气', groups: { deny: ['Hikers'] }, mentionOnly: false, reply: 'x' },
    { name: 'office', match: '天气', hours: '09:00-18:00', priority: 9, reply: 'y' },
    { name: 'loc', kinds: ['location'], match: { any: true }, reply: 'z' },
    { name: 'dm', match: '天气', scope: 'private', reply: 'w' },
  ],
  fallback: 'fallback',
};

describe('explain', () => {
  test('CLI explain: the winner, then every rule with why, in evaluation order', () => {
    const lines = explain(CONFIG, {
      text: '天气 北京',
      group: 'Hikers',
      from: 'Bob',
      mentioned: false,
      now: new Date(Date.UTC(2025, 0, 6, 20)),
    });
    expect(lines).toEqual([
      'message: text "天气 北京" in group "Hikers" from "Bob", not @mentioned',
      'decision: no reply (no rule applies)',
      'passes on to later plugins: yes',
      'rules, in evaluation order (priority, then config order):',
      '  ✘ rules[5] (name "office"): needs an @mention in groups (mentionOnly is on by default)',
      '  ✘ rules[1] (name "weather"): needs an @mention in groups (mentionOnly is on by default)',
      '  ✘ rules[0] (name "hello"): text contains none of "hi", "hello"',
      '  ✘ rules[2] (name "any-weather"): needs an @mention in groups (mentionOnly is on by default)',
      '  ✘ rules[3] (name "vip"): sender "Bob" is not in contacts.allow',
      '  ✘ rules[4] (name "hikers"): group "Hikers" is in groups.deny',
      '  ✘ rules[6] (name "loc"): answers location, not text',
      '  ✘ rules[7] (name "dm"): private chats only (scope: private)',
      '  ✘ fallback: needs an @mention in groups (mentionOnly is on by default)',
    ]);
  });

  test('with a mention: outside hours, the winner, and the shadowed rules', () => {
    const lines = explain(CONFIG, {
      text: '天气 北京',
      group: 'Hikers',
      from: 'Bob',
      mentioned: true,
      now: new Date(Date.UTC(2025, 0, 6, 20)),
    });
    expect(lines.slice(1, 3)).toEqual([
      'decision: reply from rules[1] (name "weather"): "北京: sunny"',
      'passes on to later plugins: no',
    ]);
    expect(lines).toContain('  ✘ rules[5] (name "office"): only during 09:00-18:00 UTC, and it is outside');
    expect(lines).toContain('  ✔ rules[1] (name "weather"): fires (stop)');
    expect(lines).toContain(
      '  ✘ rules[2] (name "any-weather"): would fire, but rules[1] (name "weather") fired first (higher priority or earlier) and stops',
    );
    expect(lines.at(-1)).toBe('  ✘ fallback: a rule took the message');
  });

  test('a regex that does not match, a paused chat, a cooldown', async () => {
    const ar = createAutoreply(
      {
        owners: ['O'],
        rules: [
          { name: 'w', match: { regex: '^天气(.+)$' }, reply: 'x' },
          { name: 'c', match: 'cd', cooldown: '1m', reply: 'y' },
        ],
      },
      { clock: () => 0 },
    );
    expect(formatExplanation(ar.explain(dm('今天天气'))).at(-2)).toBe(
      '  ✘ rules[0] (name "w"): regex ^天气(.+)$ does not match',
    );
    ar.decide(dm('cd'));
    const cd = formatExplanation(ar.explain(dm('cd')));
    expect(cd[1]).toBe('decision: no reply (rules[1] (name "c") matched but is cooling down)');
    expect(cd.at(-1)).toBe(
      '  … rules[1] (name "c"): matched, but cooling down (1m left): sends nothing and stops',
    );
    await ar.handle(dm('/autoreply pause', 'O'));
    expect(formatExplanation(ar.explain(dm('cd', 'O'))).slice(1)).toEqual([
      'decision: no reply (auto-reply is paused in this chat)',
      'passes on to later plugins: yes',
      'rules, in evaluation order (priority, then config order):',
      '  ✘ rules[0] (name "w"): auto-reply is paused in this chat',
      '  ✘ rules[1] (name "c"): auto-reply is paused in this chat',
    ]);
  });

  test('bad rules make explain throw the config error', () => {
    expect(() => explain({ rules: [{ match: 'x' }] }, { text: 'x' })).toThrow(
      /rules\[0\] at rules\[0\]\.reply: expected/,
    );
  });
});
