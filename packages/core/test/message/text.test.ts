import { cleanText, decodeEmoji } from '../../src/adapters/web/message/text.js';

const span = (hex: string) => `<span class="emoji emoji${hex}"></span>`;

describe('decodeEmoji', () => {
  test('single code points', () => {
    expect(decodeEmoji(`a${span('1f604')}b${span('2600')}`)).toBe('a😄b☀');
  });

  test("the server's wrong mappings are fixed", () => {
    const pairs: Array<[string, string]> = [
      ['1f63c', '😁'],
      ['1f639', '😂'],
      ['1f63a', '😃'],
      ['1f4ab', '😖'],
      ['1f64d', '😔'],
      ['1f63b', '😍'],
      ['1f63d', '😘'],
      ['1f64e', '😡'],
      ['1f63f', '😢'],
    ];
    for (const [hex, emoji] of pairs) expect(decodeEmoji(span(hex))).toBe(emoji);
  });

  test('multi-code-point spans: flags and keycaps', () => {
    expect(decodeEmoji(span('1f1e81f1f3'))).toBe('🇨🇳');
    expect(decodeEmoji(span('002320e3'))).toBe('#⃣');
  });

  test('the broken `</span` without `>`', () => {
    expect(decodeEmoji(`x<span class="emoji emoji1f450"></spany`)).toBe('x👐y');
  });

  test('invalid hex is dropped, other markup untouched', () => {
    expect(decodeEmoji(span('d800'))).toBe('');
    expect(decodeEmoji(span('fffffff'))).toBe('');
    expect(decodeEmoji('<span class="other">x</span>')).toBe('<span class="other">x</span>');
  });
});

describe('cleanText', () => {
  test('order: emoji spans, then <br/>, then entities', () => {
    expect(cleanText('a &lt; b &amp;&amp; c<br/>d')).toBe('a < b && c\nd');
    // An escaped <br/> is text the user typed: it must not become a newline.
    expect(cleanText('&lt;br/&gt;')).toBe('<br/>');
    // Escaped span markup typed by a user stays text.
    expect(cleanText('&lt;span class="emoji emoji1f604"&gt;&lt;/span&gt;')).toBe(
      '<span class="emoji emoji1f604"></span>',
    );
  });

  test('face codes stay as written; named and numeric entities decode', () => {
    expect(cleanText('[微笑][Smile] /::) &quot;x&quot; &#x1F600; &copy;')).toBe(
      '[微笑][Smile] /::) "x" 😀 ©',
    );
  });

  test('a lone & without an entity is kept', () => {
    expect(cleanText('Tom & Jerry &notanentity')).toBe('Tom & Jerry &notanentity');
  });
});
