import { describe, expect, it } from '@jest/globals';
import { newClientId, outboundMessage, splitText, textItem } from '../../src/messages/outbound.js';
import type { WeixinMessage } from '../../src/protocol/types.js';
import { CAST, fixture } from '../helpers.js';

describe('outbound messages', () => {
  it('builds the sendmessage msg of the fixture (apart from client_id and run_id)', () => {
    const expected = fixture<{ msg: WeixinMessage }>('sendmessage-text-request.json').msg;
    const built = outboundMessage(
      CAST.user,
      textItem(expected.item_list![0]!.text_item!.text!),
      expected.context_token,
      expected.client_id,
    );
    const { run_id: _run, ...withoutRun } = expected;
    expect(built).toEqual(withoutRun);
  });

  it('omits context_token when none is known and gives every request its own client_id', () => {
    expect(outboundMessage(CAST.user, textItem('x'), undefined)).not.toHaveProperty('context_token');
    expect(newClientId(5)).toMatch(/^wxbot:5-[0-9a-f]{8}$/);
    expect(newClientId()).not.toBe(newClientId());
  });
});

describe('splitText', () => {
  it('keeps short texts whole and splits long ones at paragraph or sentence breaks', () => {
    expect(splitText('hello')).toEqual(['hello']);
    const text = `${'a'.repeat(15)}\n\n${'b'.repeat(15)}`;
    expect(splitText(text, { maxChars: 20 })).toEqual([`${'a'.repeat(15)}\n\n`, 'b'.repeat(15)]);
    const parts = splitText('x'.repeat(45), { maxChars: 20 });
    expect(parts.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(parts.join('')).toBe('x'.repeat(45));
  });

  it('never splits an emoji and never makes more parts than allowed', () => {
    const text = '😀'.repeat(30);
    const parts = splitText(text, { maxChars: 7 });
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(Array.from(p).length).toBeLessThanOrEqual(7);
    const capped = splitText('y'.repeat(100), { maxChars: 10, maxParts: 3 });
    expect(capped).toHaveLength(3);
    expect(capped[2]).toBe(`${'y'.repeat(9)}…`);
  });
});
