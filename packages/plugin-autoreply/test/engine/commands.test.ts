import { createAutoreply } from '../../src/engine/autoreply.js';
import { dm, inGroup, texts } from '../helpers.js';

const RULES = { owners: ['Olivia', 'wx_owen'], rules: [{ name: 'hi', match: 'hi', reply: 'hello' }] };

describe('owner commands', () => {
  test('pause and resume apply to the chat they are sent in', async () => {
    const ar = createAutoreply(RULES);
    const paused = await ar.handle(inGroup('/autoreply pause', 'Hikers', 'Olivia'));
    expect(paused.reason).toBe('command');
    expect(texts(paused)[0]).toMatch(/^Auto-reply paused in this chat/);

    const d = await ar.handle(inGroup('hi', 'Hikers', 'Bob'));
    expect(d.reason).toBe('paused');
    expect(d.replies).toEqual([]);
    expect(texts(await ar.handle(inGroup('hi', 'Cooks', 'Bob')))).toEqual(['hello']);

    expect(texts(await ar.handle(inGroup('/autoreply resume', 'Hikers', 'Olivia')))).toEqual([
      'Auto-reply resumed in this chat.',
    ]);
    expect(texts(await ar.handle(inGroup('hi', 'Hikers', 'Bob')))).toEqual(['hello']);
  });

  test('the bot account itself (typing on the phone) is an owner; in a private chat the chat is the other person', async () => {
    const ar = createAutoreply(RULES);
    const fromPhone = { ...dm('/autoreply pause', 'Ann'), sender: { id: 'me', name: 'Me' }, self: true };
    expect((await ar.handle(fromPhone)).reason).toBe('command');
    expect((await ar.handle(dm('hi', 'Ann'))).reason).toBe('paused');
    expect(texts(await ar.handle(dm('hi', 'Ben')))).toEqual(['hello']);
  });

  test('owners are recognised by alias; selfIsOwner: false turns the phone off', async () => {
    const owen = { ...dm('/autoreply rules', 'x'), sender: { id: 'u9', name: 'Owen W', alias: 'wx_owen' } };
    expect((await createAutoreply(RULES).handle(owen)).reason).toBe('command');
    const noSelf = createAutoreply({ ...RULES, selfIsOwner: false });
    expect((await noSelf.handle({ ...dm('/autoreply pause'), self: true })).reason).toBe('self');
  });

  test('a non-owner command is just text', async () => {
    const ar = createAutoreply({ ...RULES, fallback: 'fallback' });
    const d = await ar.handle(dm('/autoreply pause', 'Mallory'));
    expect(texts(d)).toEqual(['fallback']);
  });

  test('rules lists every rule', async () => {
    const ar = createAutoreply({
      ...RULES,
      rules: [
        { name: 'hi', match: 'hi', reply: 'hello', cooldown: '30s' },
        { match: { regex: '^x$' }, priority: 2, stop: false, scope: 'group', mentionOnly: false, reply: 'x' },
      ],
      fallback: 'fb',
    });
    expect(texts(await ar.handle(dm('/autoreply rules', 'Olivia')))[0]?.split('\n')).toEqual([
      '2 rule(s):',
      'rules[0] (name "hi"): contains "hi" · private+group · cooldown 30s/chat',
      'rules[1]: regex ^x$ · group · no @ needed · priority 2 · continue',
      'fallback: private+group',
    ]);
  });

  test('explain <text> answers with the explanation, as if @mentioned', async () => {
    const ar = createAutoreply(RULES);
    const lines = texts(
      await ar.handle(inGroup('/autoreply explain hi there', 'Hikers', 'Olivia', false)),
    )[0]?.split('\n');
    expect(lines?.[0]).toBe('message: text "hi there" in group "Hikers" from "Olivia", @mentioned');
    expect(lines?.[1]).toBe('decision: reply from rules[0] (name "hi"): "hello"');
  });

  test('unknown sub-command: usage', async () => {
    expect(texts(await createAutoreply(RULES).handle(dm('/autoreply dance', 'Olivia')))).toEqual([
      'Usage: /autoreply pause | resume | rules | reload | explain <text>',
    ]);
  });

  test('the command word is configurable and must be a whole word', async () => {
    const ar = createAutoreply({ ...RULES, command: '!ar', fallback: 'fb' });
    expect((await ar.handle(dm('!arpause', 'Olivia'))).reason).toBe('fallback');
    expect((await ar.handle(dm('!ar pause', 'Olivia'))).reason).toBe('command');
  });
});

describe('reload', () => {
  test('swaps in new rules when they validate', async () => {
    let next: unknown = { rules: [{ match: 'hi', reply: 'hello v2' }] };
    const ar = createAutoreply(RULES, { load: () => next });
    expect(texts(await ar.handle(dm('/autoreply reload', 'Olivia')))).toEqual([
      'Reloaded: 1 rule(s) in force.',
    ]);
    expect(texts(await ar.handle(dm('hi')))).toEqual(['hello v2']);
    next = { rules: [{ match: 'hi', reply: 'v3' }] };
    expect(await ar.reload()).toEqual({ ok: true, rules: 1 });
  });

  test('keeps the old rules when the new file is bad, and says why', async () => {
    const ar = createAutoreply(RULES, {
      load: async () => ({ ...RULES, rules: [{ name: 'hi', match: { regex: '(' }, reply: 'broken' }] }),
    });
    const answer = texts(await ar.handle(dm('/autoreply reload', 'Olivia')))[0];
    expect(answer).toMatch(
      /^Reload failed, the old rules stay in force\.\nautoreply config is invalid \(1 problem\):\n {2}- rules\[0\] \(name "hi"\) at rules\[0\]\.match\.regex: /,
    );
    expect(texts(await ar.handle(dm('hi')))).toEqual(['hello']);
  });

  test('a loader that throws keeps the old rules too', async () => {
    const ar = createAutoreply(RULES, {
      load: () => {
        throw new Error('ENOENT: wxbot.yaml');
      },
    });
    const r = await ar.reload();
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toBe('ENOENT: wxbot.yaml');
    expect(texts(ar.decide(dm('hi')))).toEqual(['hello']);
  });

  test('without a loader, reload says it is not available', async () => {
    const answer = texts(await createAutoreply(RULES).handle(dm('/autoreply reload', 'Olivia')))[0];
    expect(answer).toContain('reload is not available');
  });

  test('cooldowns of named rules survive a reload', async () => {
    const clock = { t: 0 };
    const cfg = { rules: [{ name: 'hi', match: 'hi', cooldown: '1m', reply: 'hello' }] };
    const ar = createAutoreply(cfg, { clock: () => clock.t, load: () => cfg });
    expect(texts(ar.decide(dm('hi')))).toEqual(['hello']);
    await ar.reload();
    expect(ar.decide(dm('hi')).reason).toBe('cooldown');
  });
});
