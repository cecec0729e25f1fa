import { MessageDedupe } from '../../src/message/dedupe.js';

describe('MessageDedupe', () => {
  test('seen() is false the first time, true afterwards', () => {
    const d = new MessageDedupe();
    expect(d.seen('1')).toBe(false);
    expect(d.seen('1')).toBe(true);
    expect(d.seen('2')).toBe(false);
    expect(d.size).toBe(2);
  });

  test('bounded: the oldest id is forgotten past capacity', () => {
    const d = new MessageDedupe(3);
    for (const id of ['a', 'b', 'c', 'd']) d.seen(id);
    expect(d.size).toBe(3);
    expect(d.has('a')).toBe(false);
    expect(d.seen('b')).toBe(true);
    expect(d.seen('a')).toBe(false);
  });

  test('empty ids are never duplicates', () => {
    const d = new MessageDedupe();
    expect(d.seen('')).toBe(false);
    expect(d.seen('')).toBe(false);
  });

  test('toJSON / from round trip keeps order and capacity', () => {
    const d = new MessageDedupe(3);
    for (const id of ['a', 'b', 'c']) d.seen(id);
    const copy = MessageDedupe.from(JSON.parse(JSON.stringify(d)));
    expect(copy.capacity).toBe(3);
    expect(copy.seen('c')).toBe(true);
    copy.seen('d');
    expect(copy.has('a')).toBe(false);
  });

  test('from() survives garbage', () => {
    expect(MessageDedupe.from(null).size).toBe(0);
    expect(MessageDedupe.from({ capacity: 'x', ids: [1, 'ok', null] }).size).toBe(1);
    expect(new MessageDedupe(-5).capacity).toBe(10_000);
  });
});
