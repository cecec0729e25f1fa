import { createAutoreply } from '../../src/engine/autoreply.js';
import { dm, inGroup, seeded, texts } from '../helpers.js';

describe('priority, stop and continue', () => {
  test('the highest priority wins; equal priority goes by config order', () => {
    const ar = createAutoreply({
      rules: [
        { name: 'low', match: 'order', reply: 'low' },
        { name: 'high', match: 'order', priority: 10, reply: 'high' },
        { name: 'high2', match: 'order', priority: 10, reply: 'high2' },
      ],
    });
    const d = ar.decide(dm('my order'));
    expect(texts(d)).toEqual(['high']);
    expect(d.rules.map((r) => r.name)).toEqual(['high']);
  });

  test('stop: false lets lower rules fire too, in priority order, and the message passes on', () => {
    const ar = createAutoreply({
      rules: [
        { name: 'log', match: { any: true }, priority: 100, stop: false, reply: 'noted' },
        { name: 'a', match: 'a', reply: 'A' },
        { name: 'b', match: 'b', reply: 'B' },
      ],
    });
    expect(texts(ar.decide(dm('a b')))).toEqual(['noted', 'A']);
    const only = ar.decide(dm('zzz'));
    expect(texts(only)).toEqual(['noted']);
    expect(only.continue).toBe(true);
    expect(ar.decide(dm('a')).continue).toBe(false);
  });
});

describe('templates', () => {
  test('{sender}, {group}, {text}, numbered and named groups, literal braces', () => {
    const ar = createAutoreply({
      rules: [
        {
          match: { regex: '^(?<city>\\S+)\\s+(\\d+)$' },
          mentionOnly: false,
          reply: '{sender}@{group}: {city} x{2} ({text}) {{ok}}',
        },
      ],
    });
    expect(texts(ar.decide(inGroup('北京 3', 'Hikers', 'Bob', false)))).toEqual([
      'Bob@Hikers: 北京 x3 (北京 3) {ok}',
    ]);
  });

  test('{group} is empty in a private chat', () => {
    const ar = createAutoreply({ rules: [{ match: 'x', reply: '[{group}] {sender}' }] });
    expect(texts(ar.decide(dm('x', 'Ann')))).toEqual(['[] Ann']);
  });
});

describe('random replies', () => {
  test('a list is picked from with the injected RNG (same seed, same picks)', () => {
    const config = { rules: [{ match: 'joke', reply: ['one', 'two', 'three'] }] };
    const run = (seed: number) => {
      const ar = createAutoreply(config, { rng: seeded(seed) });
      return Array.from({ length: 30 }, () => ar.decide(dm('joke')).replies[0]?.text);
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(new Set(a)).toEqual(new Set(['one', 'two', 'three']));
  });

  test('the RNG value chooses the option', () => {
    const ar = (v: number) =>
      createAutoreply({ rules: [{ match: 'x', reply: { text: ['a', 'b'] } }] }, { rng: () => v });
    expect(texts(ar(0).decide(dm('x')))).toEqual(['a']);
    expect(texts(ar(0.99).decide(dm('x')))).toEqual(['b']);
  });
});

describe('media replies', () => {
  test('image and file paths, resolved against baseDir', () => {
    const ar = createAutoreply(
      {
        rules: [
          { name: 'cat', match: 'cat', reply: { image: 'media/cat.jpg', text: 'here' } },
          { name: 'doc', match: 'doc', reply: { file: '/abs/menu.pdf' } },
        ],
      },
      { baseDir: '/bot' },
    );
    expect(ar.decide(dm('cat')).replies).toEqual([
      expect.objectContaining({ text: 'here', image: '/bot/media/cat.jpg', file: undefined }),
    ]);
    expect(ar.decide(dm('doc')).replies).toEqual([
      expect.objectContaining({ text: undefined, file: '/abs/menu.pdf' }),
    ]);
  });

  test('a random list may mix texts and media', () => {
    const ar = createAutoreply(
      { rules: [{ match: 'pic', reply: ['no picture today', { image: 'a.png' }] }] },
      { rng: () => 0.9 },
    );
    expect(ar.decide(dm('pic')).replies).toEqual([
      expect.objectContaining({ image: 'a.png', text: undefined }),
    ]);
  });
});

describe('fallback', () => {
  const ar = createAutoreply({
    rules: [{ match: 'hi', reply: 'hello' }],
    fallback: { reply: "I'm a bot, {sender}" },
  });

  test('answers when no rule fires', () => {
    const d = ar.decide(dm('what?', 'Ann'));
    expect(d.reason).toBe('fallback');
    expect(d.replies).toEqual([
      expect.objectContaining({
        text: "I'm a bot, Ann",
        rule: expect.objectContaining({ label: 'fallback' }),
      }),
    ]);
  });

  test('stays quiet when a rule fired', () => {
    expect(texts(ar.decide(dm('hi')))).toEqual(['hello']);
  });

  test('in groups it needs an @mention like any rule', () => {
    expect(ar.decide(inGroup('what?', 'Hikers', 'Bob', false)).replies).toEqual([]);
    expect(texts(ar.decide(inGroup('what?', 'Hikers', 'Bob', true)))).toEqual(["I'm a bot, Bob"]);
  });

  test('a plain string is a fallback reply; scope restricts it', () => {
    const p = createAutoreply({ fallback: { reply: 'private only', scope: 'private' } });
    expect(texts(p.decide(dm('x')))).toEqual(['private only']);
    expect(p.decide(inGroup('x')).replies).toEqual([]);
    expect(texts(createAutoreply({ fallback: 'short' }).decide(dm('x')))).toEqual(['short']);
  });
});
