import { describe, expect, it } from '@jest/globals';
import { parseIlinkJson, quoteIdNumbers } from '../../src/transport/json.js';
import { fixtureText } from '../helpers.js';

describe('lossless JSON', () => {
  it('keeps every digit of a uint64 message_id that JSON.parse would round', () => {
    const text = fixtureText('getupdates-text.json');
    const plain = JSON.parse(text) as { msgs: Array<{ message_id: number }> };
    expect(String(plain.msgs[0]!.message_id)).not.toBe('7484409702373212424');
    const parsed = parseIlinkJson(text) as { msgs: Array<{ message_id: string; seq: number }> };
    expect(parsed.msgs[0]!.message_id).toBe('7484409702373212424');
    expect(parsed.msgs[0]!.seq).toBe(42);
  });

  it('reads the sendmessage answer id exactly', () => {
    expect(parseIlinkJson(fixtureText('sendmessage-response-with-id.json'))).toEqual({
      ret: 0,
      message_id: '7484409702373224541',
    });
  });

  it('leaves ids that are already strings, other numbers and look-alikes inside strings alone', () => {
    const text =
      '{"a":{"msg_id":"v1:3306632368402003437","svr_id":7484409702373203424},"text":"\\"message_id\\": 123","n":7484409702373203424, "message_id" : -5}';
    const out = quoteIdNumbers(text);
    expect(out).toBe(
      '{"a":{"msg_id":"v1:3306632368402003437","svr_id":"7484409702373203424"},"text":"\\"message_id\\": 123","n":7484409702373203424, "message_id" : "-5"}',
    );
    expect(parseIlinkJson(text)).toMatchObject({ text: '"message_id": 123', message_id: '-5' });
  });

  it('returns the text unchanged when there is nothing to quote, and still rejects bad JSON', () => {
    const text = fixtureText('getupdates-empty.json');
    expect(quoteIdNumbers(text)).toBe(text);
    expect(() => parseIlinkJson('{"message_id": 1')).toThrow(SyntaxError);
  });
});
