import {
  emojiToSpans,
  escapeContent,
  escapeXmlPayload,
  mentionText,
  newMsgIds,
  newUserName,
  newWxid,
} from '../../src/wire/index.js';

const span = (hex: string): string => `<span class="emoji emoji${hex}"></span>`;

describe('escapeContent', () => {
  test('HTML-escapes & < > but not quotes', () => {
    expect(escapeContent(`a < b && c > d "q" 'q'`)).toBe(`a &lt; b &amp;&amp; c &gt; d "q" 'q'`);
  });

  test('already-escaped text is escaped again', () => {
    expect(escapeContent('&amp; <br/>')).toBe('&amp;amp; &lt;br/&gt;');
  });

  test('newlines become <br/>, tabs stay literal', () => {
    expect(escapeContent('a\nb\r\nc\rd\te')).toBe('a<br/>b<br/>c<br/>d\te');
  });

  test('emoji become spans; faces, CJK and U+2005 stay raw', () => {
    expect(escapeContent('第二行 😄[微笑] @山顶见\u2005')).toBe(
      `第二行 ${span('1f604')}[微笑] @山顶见\u2005`,
    );
  });

  test('flags: two regional indicators in one span (10 hex)', () => {
    expect(escapeContent('🇨🇳🇺🇸')).toBe(span('1f1e81f1f3') + span('1f1fa1f1f8'));
  });

  test('keycaps: 8 hex, VS16 dropped', () => {
    expect(escapeContent('1️⃣#⃣ 1')).toBe(`${span('003120e3')}${span('002320e3')} 1`);
  });

  test('skin tones join their base; ZWJ sequences split into components', () => {
    expect(escapeContent('👍🏽')).toBe(span('1f44d1f3fd'));
    expect(escapeContent('👨‍👩‍👧')).toBe(span('1f468') + span('1f469') + span('1f467'));
  });

  test('text-style pictographs stay text unless VS16 asks for emoji', () => {
    expect(escapeContent('© ☀ ☀️ ❤️')).toBe(`© ☀ ${span('2600')} ${span('2764')}`);
  });

  test('server mis-mappings are reproduced by default and can be turned off', () => {
    expect(emojiToSpans('😁😂')).toBe(span('1f63c') + span('1f639'));
    expect(emojiToSpans('😁', { serverEmojiQuirks: false })).toBe(span('1f601'));
  });

  test('the truncated-span bug is opt-in', () => {
    expect(emojiToSpans('👐')).toBe(span('1f450'));
    expect(emojiToSpans('👐', { truncatedSpanBug: true })).toBe('<span class="emoji emoji1f450"></span');
  });

  test('mentionText uses U+2005', () => {
    expect(mentionText('小明')).toBe('@小明\u2005');
  });
});

describe('escapeXmlPayload', () => {
  test('keeps pretty-printing: line breaks → <br/>, tabs literal', () => {
    expect(escapeXmlPayload('<?xml version="1.0"?>\n<msg>\n\t<img a="1" />\n</msg>\n')).toBe(
      '&lt;?xml version="1.0"?&gt;<br/>&lt;msg&gt;<br/>\t&lt;img a="1" /&gt;<br/>&lt;/msg&gt;<br/>',
    );
  });

  test('entities inside the XML are escaped once more (XML in XML)', () => {
    expect(escapeXmlPayload('<url>a?x=1&amp;y=2</url><m c="&quot;hi&quot;"/>')).toBe(
      '&lt;url&gt;a?x=1&amp;amp;y=2&lt;/url&gt;&lt;m c="&amp;quot;hi&amp;quot;"/&gt;',
    );
    expect(escapeXmlPayload('<t><![CDATA[<b>&]]></t>')).toBe(
      '&lt;t&gt;&lt;![CDATA[&lt;b&gt;&amp;]]&gt;&lt;/t&gt;',
    );
  });
});

describe('ids', () => {
  test('UserNames are lower-case hex of the real lengths', () => {
    expect(newUserName('person')).toMatch(/^@[0-9a-f]{64}$/);
    expect(newUserName('group')).toMatch(/^@@[0-9a-f]{64}$/);
    expect(newUserName('official')).toMatch(/^@[0-9a-f]{32}$/);
    expect(newUserName('person')).not.toBe(newUserName('person'));
  });

  test('MsgIds: 19 digits, above 2^53, within int64, bigint matches', () => {
    for (let i = 0; i < 200; i++) {
      const { msgId, newMsgId } = newMsgIds();
      expect(msgId).toMatch(/^[1-9]\d{18}$/);
      expect(newMsgId.toString()).toBe(msgId);
      expect(newMsgId > 2n ** 53n).toBe(true);
      expect(newMsgId < 2n ** 63n).toBe(true);
    }
  });

  test('wxids', () => {
    expect(newWxid()).toMatch(/^wxid_[a-z0-9]{14}$/);
    expect(newWxid('group')).toMatch(/^\d{10}@chatroom$/);
    expect(newWxid('official')).toMatch(/^gh_[0-9a-f]{12}$/);
  });
});
