import { createAutoreply } from '../../src/engine/autoreply.js';
import { dm, fakeClock, inGroup, texts } from '../helpers.js';

describe('cooldowns', () => {
  test('perChat: once per chat per period; other chats are not affected', () => {
    const clock = fakeClock();
    const ar = createAutoreply(
      {
        rules: [
          { name: 'hi', match: 'hi', mentionOnly: false, cooldown: { perChat: '30s' }, reply: 'hello' },
        ],
      },
      { clock: clock.now },
    );
    expect(texts(ar.decide(inGroup('hi', 'Hikers', 'Bob')))).toEqual(['hello']);
    const quiet = ar.decide(inGroup('hi', 'Hikers', 'Carol'));
    expect(quiet.replies).toEqual([]);
    expect(quiet.reason).toBe('cooldown');
    expect(quiet.continue).toBe(false);
    expect(texts(ar.decide(inGroup('hi', 'Cooks', 'Bob')))).toEqual(['hello']);
    clock.advance(29_999);
    expect(ar.decide(inGroup('hi', 'Hikers', 'Bob')).replies).toEqual([]);
    clock.advance(1);
    expect(texts(ar.decide(inGroup('hi', 'Hikers', 'Bob')))).toEqual(['hello']);
  });

  test('perSender: once per person per period, whoever else asks', () => {
    const clock = fakeClock();
    const ar = createAutoreply(
      { rules: [{ match: 'hi', mentionOnly: false, cooldown: { perSender: '5m' }, reply: 'hello' }] },
      { clock: clock.now },
    );
    expect(texts(ar.decide(inGroup('hi', 'Hikers', 'Bob')))).toEqual(['hello']);
    expect(texts(ar.decide(inGroup('hi', 'Hikers', 'Carol')))).toEqual(['hello']);
    expect(ar.decide(inGroup('hi', 'Cooks', 'Bob')).replies).toEqual([]);
    clock.advance(5 * 60_000);
    expect(texts(ar.decide(inGroup('hi', 'Cooks', 'Bob')))).toEqual(['hello']);
  });

  test('a cooling-down rule stays silent and does not let the fallback or lower rules answer', () => {
    const clock = fakeClock();
    const ar = createAutoreply(
      {
        rules: [
          { match: 'hi', cooldown: '1m', reply: 'hello' },
          { match: { any: true }, priority: -1, reply: 'generic' },
        ],
        fallback: 'fallback',
      },
      { clock: clock.now },
    );
    expect(texts(ar.decide(dm('hi')))).toEqual(['hello']);
    expect(ar.decide(dm('hi')).replies).toEqual([]);
  });

  test('explain does not start a cooldown', () => {
    const ar = createAutoreply({ rules: [{ match: 'hi', cooldown: '1m', reply: 'hello' }] });
    ar.explain(dm('hi'));
    expect(texts(ar.decide(dm('hi')))).toEqual(['hello']);
  });

  test('the input time wins over the clock', () => {
    const ar = createAutoreply(
      { rules: [{ match: 'hi', cooldown: '10s', reply: 'hello' }] },
      { clock: () => 0 },
    );
    const t = Date.UTC(2025, 0, 1);
    expect(texts(ar.decide(dm('hi', 'A', { now: new Date(t) })))).toEqual(['hello']);
    expect(ar.decide(dm('hi', 'A', { now: new Date(t + 9_000) })).replies).toEqual([]);
    expect(texts(ar.decide(dm('hi', 'A', { now: new Date(t + 10_000) })))).toEqual(['hello']);
  });
});

describe('time windows', () => {
  // 2025-01-06 is a Monday.
  const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2025, 0, day, hh, mm));
  const ar = createAutoreply({
    timezone: 'UTC',
    rules: [
      { name: 'office', match: 'hi', hours: '09:00-18:00', days: 'mon-fri', reply: 'at your service' },
      {
        name: 'away',
        match: 'hi',
        hours: '09:00-18:00',
        days: 'mon-fri',
        outside: true,
        reply: 'away, back at 9',
      },
    ],
  });
  const say = (d: Date) => texts(ar.decide(dm('hi', 'A', { now: d })));

  test('inside hours on a weekday: the office rule', () => {
    expect(say(at(6, 9, 0))).toEqual(['at your service']);
    expect(say(at(10, 17, 59))).toEqual(['at your service']);
  });

  test('outside hours or at the weekend: the away message', () => {
    expect(say(at(6, 8, 59))).toEqual(['away, back at 9']);
    expect(say(at(6, 18, 0))).toEqual(['away, back at 9']);
    expect(say(at(11, 12, 0))).toEqual(['away, back at 9']); // Saturday
  });

  test('a window in another time zone', () => {
    const sh = createAutoreply({
      rules: [{ match: 'hi', hours: '09:00-18:00', timezone: 'Asia/Shanghai', reply: 'yes' }],
    });
    // 01:30 UTC = 09:30 in Shanghai.
    expect(texts(sh.decide(dm('hi', 'A', { now: at(6, 1, 30) })))).toEqual(['yes']);
    expect(sh.decide(dm('hi', 'A', { now: at(6, 10, 30) })).replies).toEqual([]);
  });

  test('a window across midnight belongs to the day it starts', () => {
    const night = createAutoreply({
      timezone: 'UTC',
      rules: [{ match: 'hi', hours: '22:00-06:00', days: 'fri', reply: 'night' }],
    });
    const n = (d: Date) => texts(night.decide(dm('hi', 'A', { now: d })));
    expect(n(at(10, 23, 0))).toEqual(['night']); // Friday 23:00
    expect(n(at(11, 5, 0))).toEqual(['night']); // Saturday 05:00, still Friday night
    expect(n(at(11, 23, 0))).toEqual([]); // Saturday night
  });
});
