import { createAutoreply } from '../../src/engine/autoreply.js';
import { compileRules } from '../../src/engine/compile.js';
import { AutoreplyConfigError } from '../../src/engine/config-error.js';

function errorOf(config: unknown, path?: string): AutoreplyConfigError {
  try {
    compileRules(config, path === undefined ? {} : { path });
  } catch (e) {
    if (e instanceof AutoreplyConfigError) return e;
    throw e;
  }
  throw new Error('expected the config to be refused');
}

const msgs = (config: unknown) => errorOf(config).issues.map((i) => i.message);

describe('bad rules fail at load, naming the rule and the path', () => {
  test('an invalid regex', () => {
    const e = errorOf({
      rules: [
        { match: 'ok', reply: 'x' },
        { name: 'weather', match: { regex: '^天气(' }, reply: 'x' },
      ],
    });
    expect(e.code).toBe('CONFIG');
    expect(e.path).toBe('rules[1].match.regex');
    expect(e.issues[0]?.message).toMatch(
      /^rules\[1\] \(name "weather"\) at rules\[1\]\.match\.regex: expected a valid regular expression \(.+\); got "\^天气\("$/,
    );
  });

  test('an unknown field, with a suggestion', () => {
    expect(msgs({ rules: [{ id: 'r7', match: 'a', reply: 'b', priorty: 2 }] })).toEqual([
      'rules[0] (id "r7") at rules[0].priorty: unknown field "priorty" (did you mean "priority"?)',
    ]);
    expect(msgs({ rules: [{ match: 'a', reply: { text: 'b', imgae: 'x.png' } }] })).toEqual([
      'rules[0] at rules[0].reply.imgae: unknown field "imgae" (did you mean "image"?)',
    ]);
  });

  test('an empty match, and a match with two kinds', () => {
    expect(msgs({ rules: [{ match: {}, reply: 'b' }] })).toEqual([
      'rules[0] at rules[0].match: expected one of contains, equals, startsWith, regex or any: true (the match is empty); got an object ({})',
    ]);
    expect(msgs({ rules: [{ match: { contains: 'a', regex: 'b' }, reply: 'b' }] })[0]).toContain(
      'found contains and regex',
    );
  });

  test('a missing match, a wrong type for match', () => {
    expect(msgs({ rules: [{ name: 'n', reply: 'b' }] })[0]).toMatch(
      /^rules\[0\] \(name "n"\) at rules\[0\]\.match: expected a keyword, .*; got nothing$/,
    );
    expect(msgs({ rules: [{ match: 42, reply: 'b' }] })[0]).toMatch(
      /at rules\[0\]\.match: expected a keyword, a list of keywords, a "\/regex\/".*; got number 42$/,
    );
  });

  test('bad durations, hours, days, time zone, kinds', () => {
    const m = msgs({
      rules: [
        {
          match: 'a',
          reply: 'b',
          cooldown: { perChat: '5 minutes' },
          hours: '9-18',
          days: 'weekdays',
          timezone: 'Mars/Olympus',
          kinds: ['txt'],
        },
      ],
    });
    expect(m).toEqual(
      expect.arrayContaining([
        'rules[0] at rules[0].cooldown.perChat: expected a duration like "30s", "5m" or "1h30m"; got "5 minutes"',
        'rules[0] at rules[0].hours: expected hours that must look like "09:00-18:00" (24-hour HH:MM-HH:MM); got "9-18"',
        expect.stringMatching(
          /^rules\[0\] at rules\[0\]\.days: expected weekdays: "weekdays" is not a weekday or range/,
        ),
        'rules[0] at rules[0].timezone: expected an IANA time zone like "Asia/Shanghai" or "UTC"; got "Mars/Olympus"',
        expect.stringMatching(
          /^rules\[0\] at rules\[0\]\.kinds\[0\]: expected one of text, quote, image, .*; got "txt"$/,
        ),
      ]),
    );
    expect(m).toHaveLength(5);
  });

  test('templates are checked against the regex groups', () => {
    expect(msgs({ rules: [{ match: { regex: '^a(b)$' }, reply: '{2}' }] })).toEqual([
      'rules[0] at rules[0].reply: the reply text uses {2} but the regex has 1 group(s) (available: {sender}, {group}, {text}, {0}, {1})',
    ]);
    expect(msgs({ rules: [{ match: 'x', reply: { text: ['ok', 'hi {who}'] } }] })).toEqual([
      'rules[0] at rules[0].reply.text[1]: the reply text has an unknown placeholder {who} (available: {sender}, {group}, {text})',
    ]);
  });

  test('an empty reply, outside without hours, a fallback with a match', () => {
    expect(msgs({ rules: [{ match: 'x', reply: { mention: true } }] })[0]).toContain(
      'at least one of text, image or file (the reply is empty)',
    );
    expect(msgs({ rules: [{ match: 'x', reply: 'y', outside: true }] })).toEqual([
      'rules[0] at rules[0].outside: expected `hours` or `days` with `outside: true` (outside of what?)',
    ]);
    expect(msgs({ fallback: { match: 'x', reply: 'y' } })).toEqual([
      'fallback at fallback.match: unknown field "match" (not allowed here)',
    ]);
  });

  test('every problem is listed, and a path prefix is used', () => {
    const e = errorOf({ rules: [{ match: 1, reply: 'x' }, { match: 'a' }] }, 'plugins[2]');
    expect(e.issues.map((i) => i.path)).toEqual(['plugins[2].rules[0].match', 'plugins[2].rules[1].reply']);
    expect(e.message).toMatch(
      /^autoreply config is invalid \(2 problems\):\n {2}- plugins\[2\]\.rules\[0\] at plugins\[2\]\.rules\[0\]\.match: /,
    );
  });

  test('a flag that makes a regex stateful is refused', () => {
    expect(msgs({ rules: [{ match: '/a/g', reply: 'x' }] })[0]).toContain(
      'only the flags i, m, s and u are allowed (found "g")',
    );
  });

  test('createAutoreply throws the same error', () => {
    expect(() => createAutoreply({ rules: [{ match: { regex: '(' }, reply: 'x' }] })).toThrow(
      AutoreplyConfigError,
    );
  });

  test('an empty or missing config is valid (no rules)', () => {
    expect(compileRules(undefined).rules).toEqual([]);
    expect(compileRules({}).rules).toEqual([]);
  });
});
