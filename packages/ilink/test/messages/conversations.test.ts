import { describe, expect, it } from '@jest/globals';
import { ConversationTracker } from '../../src/messages/conversations.js';

const HOUR = 3_600_000;

function world(rules = {}) {
  let now = 1_000_000;
  const t = new ConversationTracker(rules, () => now);
  return { t, advance: (ms: number) => (now += ms), now: () => now };
}

describe('ConversationTracker: the 24 h window and the per-turn quota', () => {
  it('cannot send to a user who never wrote', () => {
    const { t } = world();
    expect(t.check('u')).toEqual({
      ok: false,
      reason: 'no-conversation',
      left: 0,
      windowClosesAt: undefined,
    });
  });

  it('allows 10 sends per turn with the latest token, then refuses until the user writes again', () => {
    const { t } = world();
    t.recordInbound('u', 'tok1');
    t.recordInbound('u', 'tok2');
    const lefts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const v = t.reserve('u');
      if (!v.ok) throw new Error(`send ${i + 1} refused: ${v.reason}`);
      expect(v.contextToken).toBe('tok2');
      lefts.push(v.left);
    }
    expect(lefts).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(t.reserve('u')).toMatchObject({ ok: false, reason: 'quota-used' });
    t.recordInbound('u', 'tok3');
    expect(t.check('u')).toMatchObject({ ok: true, left: 10, contextToken: 'tok3' });
  });

  it('closes the window 24 h after the user last message; only a user message reopens it', () => {
    const { t, advance, now } = world();
    t.recordInbound('u', 'tok');
    const opened = now();
    advance(24 * HOUR - 1);
    expect(t.reserve('u')).toMatchObject({ ok: true, windowClosesAt: opened + 24 * HOUR });
    advance(1);
    expect(t.check('u')).toMatchObject({
      ok: false,
      reason: 'window-closed',
      windowClosesAt: opened + 24 * HOUR,
    });
    t.recordInbound('u', undefined);
    expect(t.check('u')).toMatchObject({ ok: true, contextToken: 'tok', left: 10 });
  });

  it('takes configured rules, and a refused turn stays closed until the next message', () => {
    const { t, advance } = world({ windowMs: 23 * HOUR, quotaPerTurn: 2 });
    t.recordInbound('u', 'tok');
    expect(t.reserve('u')).toMatchObject({ ok: true, left: 1 });
    t.release('u');
    expect(t.check('u')).toMatchObject({ ok: true, left: 2 });
    t.markRefused('u');
    expect(t.check('u')).toMatchObject({ ok: false, reason: 'refused-by-server' });
    t.recordInbound('u', 'tok');
    advance(23 * HOUR);
    expect(t.check('u')).toMatchObject({ ok: false, reason: 'window-closed' });
  });

  it('round-trips through snapshot/restore and skips broken entries', () => {
    const a = world();
    a.t.recordInbound('u', 'tok');
    a.t.reserve('u');
    const b = world();
    b.t.restore([
      ...a.t.snapshot(),
      { userId: 'x' } as never,
      { userId: 'y', contextToken: '', lastInboundAt: 1, sentThisTurn: 0 },
    ]);
    expect(b.t.snapshot()).toEqual(a.t.snapshot());
    expect(b.t.check('u')).toMatchObject({ ok: true, left: 9 });
  });

  it('rejects impossible rules with a clear error', () => {
    expect(() => new ConversationTracker({ quotaPerTurn: 0 })).toThrow(/quotaPerTurn must be a whole number/);
    expect(() => new ConversationTracker({ windowMs: -1 })).toThrow(/windowMs must be a positive/);
  });
});
