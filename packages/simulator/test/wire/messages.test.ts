import { readdirSync } from 'node:fs';
import { buildMessage, type PhoneMessageSpec, type WireMessageRecord } from '../../src/wire/index.js';
import { CASES } from './cases.js';
import { ALICE, CAROL, envFor, FIXTURES, fixtureMessages, ME, normalizeInvented, shape } from './helpers.js';

describe('buildMessage reproduces every sync-*.json fixture message', () => {
  test('every AddMsgList entry of every sync fixture has a case', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.startsWith('sync-'));
    const expected = files.flatMap((f) => fixtureMessages(f).map((_m, i) => `${f}#${i}`)).sort();
    const covered = CASES.map((c) => `${c.file}#${c.index}`).sort();
    expect(covered).toEqual(expected);
  });

  test.each(CASES.map((c) => [`${c.file}#${c.index} (${c.spec.kind})`, c] as const))('%s', (_name, c) => {
    const fixture = fixtureMessages(c.file)[c.index] as WireMessageRecord;
    const built = buildMessage(c.spec, envFor(fixture));
    // Same field names, same order, same JSON types (recursively).
    expect(shape(built)).toEqual(shape(fixture));
    // Content identical apart from invented values.
    const invented = c.invented ?? [];
    expect(normalizeInvented(built.Content, invented)).toBe(normalizeInvented(fixture.Content, invented));
    if (invented.length > 0) expect(built.Content).not.toBe(normalizeInvented(built.Content, invented));
    // Every other field identical.
    const { Content: _a, ...restBuilt } = built;
    const { Content: _b, ...restFixture } = fixture;
    for (const field of c.inventedFields ?? []) {
      delete (restBuilt as Partial<WireMessageRecord>)[field];
      delete (restFixture as Partial<WireMessageRecord>)[field];
    }
    expect(restBuilt).toEqual(restFixture);
  });
});

describe('builder behaviour beyond the fixtures', () => {
  const env = envFor(fixtureMessages('sync-text.json')[0] as WireMessageRecord);

  test('media bytes set length and md5 of the XML', () => {
    const data = new TextEncoder().encode('hello');
    const rec = buildMessage({ kind: 'image', data }, env);
    expect(rec.Content).toContain('length="5"');
    expect(rec.Content).toContain('md5="5d41402abc4b2a76b9719d911017c592"');
  });

  test('file size and extension come from data and name', () => {
    const rec = buildMessage({ kind: 'file', name: 'a b&c.tar.gz', data: new Uint8Array(1234) }, env);
    expect(rec.FileSize).toBe('1234');
    expect(rec.FileName).toBe('a b&c.tar.gz');
    expect(rec.EncryFileName).toBe('a%20b%26c%2Etar%2Egz');
    expect(rec.Content).toContain('&lt;fileext&gt;gz&lt;/fileext&gt;');
    expect(rec.Content).toContain('&lt;title&gt;a b&amp;amp;c.tar.gz&lt;/title&gt;');
    expect(rec.MediaId).toMatch(/^@crypt_[0-9a-f]{8}_[0-9a-f]{96}$/);
  });

  test('invented values look real', () => {
    const rec = buildMessage({ kind: 'image' }, env);
    expect(rec.Content).toMatch(/aeskey="[0-9a-f]{32}"/);
    expect(rec.Content).toMatch(/md5="[0-9a-f]{32}"/);
    expect(rec.Content).toMatch(/cdnthumburl="30[0-9a-f]{200,}"/);
    const card = buildMessage({ kind: 'card', target: CAROL }, env);
    expect(card.Content).toMatch(/username="v1_[0-9a-f]{48}@stranger"/);
    expect(card.Content).toMatch(/antispamticket="v2_[0-9a-f]{64}@stranger"/);
  });

  test('an official account card uses its gh_ id and VerifyFlag', () => {
    const card = buildMessage({ kind: 'card', target: '@3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88' }, env);
    expect(card.Content).toContain('username="gh_0123456789ab"');
    expect(card.Content).toContain('certflag="24"');
    expect(card.RecommendInfo.VerifyFlag).toBe(24);
  });

  test('the bot recalling its own message says 你撤回了一条消息', () => {
    const rec = buildMessage(
      { kind: 'recall', msgId: '1' },
      { ...env, fromUserName: ME, toUserName: ALICE, senderWxid: 'wxid_bot0000demo56' },
    );
    expect(rec.Content).toContain('&lt;![CDATA[你撤回了一条消息]]&gt;');
    expect(rec.Content).toContain('&lt;session&gt;wxid_bot0000demo56&lt;/session&gt;');
  });

  test('system notice texts in both languages', () => {
    const text = (spec: PhoneMessageSpec): string => buildMessage(spec, env).Content;
    expect(text({ kind: 'groupInvite', invitees: ['卡萝'], lang: 'en_US' })).toBe(
      'You invited 卡萝 to the group chat.   ',
    );
    expect(text({ kind: 'groupQrJoin', joiner: '大卫' })).toBe('"大卫"通过扫描你分享的二维码加入群聊  ');
    expect(text({ kind: 'groupRemove', botRemovedBy: 'Bob 李' })).toBe('你被"Bob 李"移出群聊');
    expect(text({ kind: 'groupRemove', member: '大卫', lang: 'en_US' })).toBe(
      'You removed "大卫" from the group chat',
    );
    expect(text({ kind: 'friendAdded', name: '新朋友', by: 'them' })).toBe(
      '新朋友刚刚把你添加到通讯录，现在可以开始聊天了。',
    );
    expect(text({ kind: 'groupInvite', inviter: 'Bob 李', invitees: ['大卫'], youWereInvited: true })).toBe(
      '"Bob 李"邀请你加入了群聊，群聊参与人还有：大卫',
    );
    expect(text({ kind: 'selfRecalled' })).toBe('你撤回了一条消息');
    expect(buildMessage({ kind: 'locationShareEnded' }, env).Status).toBe(4);
  });

  test('raw spec overlays any fields and keeps wire order', () => {
    const rec = buildMessage(
      { kind: 'raw', fields: { MsgType: 9999, Content: '<not escaped>', AppMsgType: 123 } },
      env,
    );
    expect(rec.MsgType).toBe(9999);
    expect(rec.Content).toBe('<not escaped>');
    expect(Object.keys(rec)).toEqual(Object.keys(fixtureMessages('sync-text.json')[0] as object));
  });

  test('a group message from a member gets the prefix on every kind, none when the bot sent it', () => {
    const group = envFor(fixtureMessages('sync-group-text.json')[0] as WireMessageRecord);
    for (const spec of [
      { kind: 'voice', durationMs: 1000 },
      { kind: 'location', lat: 1, lng: 2, label: 'x' },
      { kind: 'transfer', amount: '1.00' },
    ] as PhoneMessageSpec[]) {
      expect(buildMessage(spec, group).Content.startsWith(`${ALICE}:<br/>`)).toBe(true);
      const { groupSenderUserName: _g, ...self } = group;
      expect(buildMessage(spec, { ...self, fromUserName: ME }).Content.startsWith('@')).toBe(false);
    }
  });
});
