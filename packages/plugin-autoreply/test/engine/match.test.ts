import { createAutoreply } from '../../src/engine/autoreply.js';
import { dm, texts } from '../helpers.js';

describe('match kinds', () => {
  const ar = createAutoreply({
    rules: [
      { name: 'price', match: { contains: ['price', '多少钱'] }, reply: 'see the price list' },
      { name: 'hi', match: { equals: 'hi' }, reply: 'hello' },
      { name: 'order', match: { startsWith: '#order' }, reply: 'order noted' },
      { name: 'weather', match: { regex: '^天气\\s*(.+)$' }, reply: '{1}: sunny' },
      { name: 'shorthand', match: 'bye', reply: 'see you' },
      { name: 'literal', match: '/^ping$/i', reply: 'pong' },
    ],
  });

  test('contains matches anywhere, any keyword of the list', () => {
    expect(texts(ar.decide(dm('what is the PRICE?')))).toEqual(['see the price list']);
    expect(texts(ar.decide(dm('这个多少钱呀')))).toEqual(['see the price list']);
  });

  test('equals needs the whole (trimmed) text', () => {
    expect(texts(ar.decide(dm('  Hi  ')))).toEqual(['hello']);
    expect(ar.decide(dm('hi there')).replies).toEqual([]);
  });

  test('startsWith needs the keyword at the start', () => {
    expect(texts(ar.decide(dm('#order 3 apples')))).toEqual(['order noted']);
    expect(ar.decide(dm('my #order')).replies).toEqual([]);
  });

  test('regex with a group fills {1}', () => {
    expect(texts(ar.decide(dm('天气 北京')))).toEqual(['北京: sunny']);
    expect(ar.decide(dm('今天天气')).replies).toEqual([]);
  });

  test('a string match is contains; "/re/flags" is a regex', () => {
    expect(texts(ar.decide(dm('ok bye now')))).toEqual(['see you']);
    expect(texts(ar.decide(dm('PING')))).toEqual(['pong']);
    expect(ar.decide(dm('ping pong')).replies).toEqual([]);
  });

  test('nothing matches: reason none, message passes on', () => {
    const d = ar.decide(dm('nothing here'));
    expect(d.reason).toBe('none');
    expect(d.continue).toBe(true);
  });
});

describe('case sensitivity', () => {
  test('ignoreCase: false at top level makes keywords exact; a rule may override', () => {
    const ar = createAutoreply({
      ignoreCase: false,
      rules: [
        { name: 'exact', match: 'Hello', reply: 'exact' },
        { name: 'loose', match: 'WORLD', ignoreCase: true, reply: 'loose' },
      ],
    });
    expect(ar.decide(dm('hello')).replies).toEqual([]);
    expect(texts(ar.decide(dm('Hello')))).toEqual(['exact']);
    expect(texts(ar.decide(dm('world')))).toEqual(['loose']);
  });

  test('a case-sensitive regex (bare pattern, ignoreCase false) does not match other case', () => {
    const ar = createAutoreply({ rules: [{ match: { regex: '^abc$' }, ignoreCase: false, reply: 'x' }] });
    expect(ar.decide(dm('ABC')).replies).toEqual([]);
    expect(texts(ar.decide(dm('abc')))).toEqual(['x']);
  });
});

describe('message kinds', () => {
  const ar = createAutoreply({
    rules: [
      { name: 'loc', kinds: ['location'], match: { any: true }, reply: 'got your location {text}' },
      { name: 'gh', kinds: ['link'], match: 'github', reply: 'a repo!' },
      { name: 'txt', match: { any: true }, reply: 'text only' },
    ],
  });

  test('a location is answered by a location rule, not by the text rule', () => {
    const d = ar.decide({ ...dm('Tiananmen'), kind: 'location' });
    expect(texts(d)).toEqual(['got your location Tiananmen']);
  });

  test('keywords of a link rule look at the link summary', () => {
    expect(texts(ar.decide({ ...dm('GitHub - wxbot'), kind: 'link' }))).toEqual(['a repo!']);
    expect(ar.decide({ ...dm('some news'), kind: 'link' }).replies).toEqual([]);
  });

  test('an image matches no default (text) rule', () => {
    expect(ar.decide({ ...dm(''), kind: 'image' }).replies).toEqual([]);
  });

  test('a quote reply counts as text', () => {
    expect(texts(ar.decide({ ...dm('hm'), kind: 'quote' }))).toEqual(['text only']);
  });
});
