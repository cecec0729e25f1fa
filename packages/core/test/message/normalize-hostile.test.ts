import fc from 'fast-check';
import { normalize } from '../../src/adapters/web/message/normalize.js';
import type { WireMessage } from '../../src/adapters/web/protocol/wire.js';
import type { MessageKind } from '../../src/message/types.js';
import { ALICE, GROUP, messages, world } from './fixture-world.js';

const KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'text',
  'image',
  'voice',
  'video',
  'emoticon',
  'card',
  'link',
  'file',
  'location',
  'miniProgram',
  'transfer',
  'redPacket',
  'chatHistory',
  'music',
  'article',
  'quote',
  'friendRequest',
  'system',
  'recall',
  'statusNotify',
  'unknown',
]);
const HANDLED = new Set([1, 3, 34, 37, 42, 43, 47, 48, 49, 51, 62, 10000, 10002]);

const store = world();
const template = messages('sync-text.json')[0] as WireMessage;
const msg = (over: Partial<WireMessage>): WireMessage => ({ ...template, ...over });
const reasonOf = (m: ReturnType<typeof normalize>) =>
  m.kind === 'unknown' ? m.reason : `not unknown: ${m.kind}`;

describe('unknown input becomes unknown, with raw', () => {
  test.each([
    [50, 'MsgType 50 (VoIP message)'],
    [52, 'MsgType 52 (VoIP notify)'],
    [53, 'MsgType 53 (VoIP invite)'],
    [9999, 'MsgType 9999 (system notice)'],
    [40, 'MsgType 40'],
    [12345, 'MsgType 12345'],
  ])('MsgType %i', (type, reason) => {
    const raw = msg({ MsgType: type });
    const m = normalize(raw, store);
    expect(m).toMatchObject({ kind: 'unknown', reason, raw, id: template.MsgId, chat: { userName: ALICE } });
  });

  test('unknown AppMsgType, and the placeholder of one', () => {
    expect(
      reasonOf(
        normalize(
          msg({
            MsgType: 49,
            AppMsgType: 999,
            Content: '&lt;msg&gt;&lt;appmsg&gt;&lt;type&gt;999&lt;/type&gt;&lt;/appmsg&gt;&lt;/msg&gt;',
          }),
          store,
        ),
      ),
    ).toBe('AppMsgType 999');
    expect(reasonOf(normalize(msg({ MsgType: 49, AppMsgType: 999, Content: '该类型暂不支持' }), store))).toBe(
      'AppMsgType 999 without XML',
    );
  });

  test('bad XML', () => {
    expect(reasonOf(normalize(msg({ MsgType: 3, Content: 'not xml at all' }), store))).toBe(
      'bad XML: not XML',
    );
    expect(
      normalize(msg({ MsgType: 49, AppMsgType: 5, Content: '&lt;msg&gt;&lt;foo/&gt;&lt;/msg&gt;' }), store)
        .kind,
    ).toBe('unknown');
    expect(normalize(msg({ MsgType: 10002, Content: '&lt;sysmsg&gt;&lt;/sysmsg&gt;' }), store).kind).toBe(
      'unknown',
    );
    expect(normalize(msg({ MsgType: 37, Content: '' }), store).kind).toBe('unknown');
    expect(
      normalize(msg({ MsgType: 1, SubMsgType: 48, Content: 'x', OriContent: '', Url: '' }), store).kind,
    ).toBe('unknown');
  });

  test('billion laughs: DOCTYPE is refused, nothing expands', () => {
    const bomb =
      '&lt;?xml version="1.0"?&gt;&lt;!DOCTYPE lolz [&lt;!ENTITY lol "lol"&gt;&lt;!ENTITY lol2 "&amp;lol;&amp;lol;&amp;lol;&amp;lol;"&gt;]&gt;&lt;msg&gt;&lt;img md5="&amp;lol2;"/&gt;&lt;/msg&gt;';
    expect(reasonOf(normalize(msg({ MsgType: 3, Content: bomb }), store))).toMatch(/DOCTYPE/);
  });

  test('10 MB Content and 10,000-deep nesting neither hang nor overflow', () => {
    const start = Date.now();
    const huge = normalize(msg({ MsgType: 1, Content: 'x'.repeat(10 * 1024 * 1024) }), store);
    expect(reasonOf(huge)).toMatch(/Content too large/);
    const bigXml = normalize(
      msg({ MsgType: 49, AppMsgType: 5, Content: `&lt;msg&gt;${'&lt;a&gt;'.repeat(60_000)}` }),
      store,
    );
    expect(reasonOf(bigXml)).toMatch(/XML too large/);
    const deep = normalize(
      msg({ MsgType: 3, Content: `${'&lt;a&gt;'.repeat(10_000)}${'&lt;/a&gt;'.repeat(10_000)}` }),
      store,
    );
    expect(reasonOf(deep)).toMatch(/bad XML/);
    // A hang, not a speed goal (that belongs in bench/): generous for a loaded machine.
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  test('not even an object', () => {
    for (const raw of [null, undefined, 42, 'str', []]) {
      const m = normalize(raw as unknown as WireMessage, store);
      expect(m.kind).toBe('unknown');
      expect(m.raw).toBe(raw);
    }
  });

  test('id is MsgId, never the rounded NewMsgId', () => {
    expect(normalize(msg({ MsgId: '7103418922431299179', NewMsgId: 7103418922431299000 }), store).id).toBe(
      '7103418922431299179',
    );
  });
});

// Pieces that make realistic-looking hostile payloads.
const fragment = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\uD800',
    '\uDFFF',
    '\uDBFF\uDBFF',
    '&lt;',
    '&gt;',
    '&amp;',
    '&amp;amp;',
    '&#xD800;',
    '&#0;',
    '&#99999999;',
    '&lt;![CDATA[',
    ']]&gt;',
    '&lt;msg&gt;',
    '&lt;/msg&gt;',
    '&lt;appmsg&gt;',
    '&lt;type&gt;5&lt;/type&gt;',
    '&lt;mmreader&gt;&lt;category&gt;&lt;item&gt;',
    '&lt;img md5="x" length="1e400"/&gt;',
    '<br/>',
    '<span class="emoji emoji1f604"></span',
    '<span class="emoji emojizzzz"></span>',
    '<span class="emoji emoji1f1e81f1f3"></span>',
    '@',
    '\u2005',
    '@所有人',
    '「a：b」<br/>- - - - - - - - - - - - - - -<br/>',
    '__proto__',
    '&lt;__proto__&gt;&lt;/__proto__&gt;',
    '&lt;!DOCTYPE x&gt;',
    `${ALICE}:<br/>`,
    '"x"邀请"y、z"加入了群聊',
    '&lt;sysmsg&gt;&lt;revokemsg&gt;&lt;msgid&gt;1&lt;/msgid&gt;',
  ),
);
const content = fc.oneof(
  fc.array(fragment, { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 500 }),
);
const msgType = fc.oneof(
  fc.constantFrom(1, 3, 34, 37, 40, 42, 43, 47, 48, 49, 50, 51, 52, 53, 62, 9999, 10000, 10002),
  fc.integer(),
);
const appMsgType = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 17, 19, 33, 36, 57, 2000, 2001),
  fc.integer(),
);

describe('fuzz: normalize never throws', () => {
  test('hostile Content / XML / HTML / emoji / MsgType / AppMsgType', () => {
    fc.assert(
      fc.property(
        msgType,
        appMsgType,
        content,
        fc.boolean(),
        fc.integer(),
        fc.string(),
        (type, app, body, group, sub, ori) => {
          const raw = msg({
            MsgType: type,
            AppMsgType: app,
            Content: body,
            SubMsgType: sub,
            OriContent: ori,
            FromUserName: group ? GROUP : ALICE,
          });
          const m = normalize(raw, store);
          expect(KINDS.has(m.kind)).toBe(true);
          expect(m.raw).toBe(raw);
          if (!HANDLED.has(type)) expect(m.kind).toBe('unknown');
          // The top-level catch is a safety net; reaching it would mean a bug in a parser.
          if (m.kind === 'unknown') expect(m.reason).not.toMatch(/^could not normalize/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('arbitrary objects in every field', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(template)), fc.anything()), (fields) => {
        const raw = { ...template, ...fields } as WireMessage;
        const m = normalize(raw, store);
        expect(KINDS.has(m.kind)).toBe(true);
        if (m.kind === 'unknown') expect(m.reason).not.toMatch(/^could not normalize/);
      }),
      { numRuns: 2000 },
    );
  });
});
