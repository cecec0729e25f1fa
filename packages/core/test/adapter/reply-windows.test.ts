import type { Capabilities, Message } from '@wxbot/core';
import { CapabilityGuard } from '@wxbot/core/internal';

// The reply windows health and `wxbot status` list: per conversation, open or closed, when it
// closes, and the quota left in the turn; bounded, newest first; none on a transport without them.

const HOUR = 3_600_000;
const CAPS: Capabilities = {
  groups: false,
  contactList: false,
  mentions: false,
  revoke: false,
  friendRequests: false,
  media: {},
  pushLogin: false,
  proactiveSends: false,
  replyWindowMs: 24 * HOUR,
  perTurnQuota: 3,
  typing: false,
};

function clockAt(start: number) {
  const clock = {
    t: start,
    now: () => clock.t,
    setTimeout: () => 0 as never,
    clearTimeout: () => undefined,
    setInterval: () => 0 as never,
    clearInterval: () => undefined,
  };
  return clock;
}

const from = (userName: string) => ({ self: false, chat: { userName } }) as unknown as Message;
const text = (to: string) => ({ kind: 'text', to, text: 'hi' }) as const;

test('a window opens with each message, counts the turn down, and closes after the window', () => {
  const clock = clockAt(1_000_000);
  const guard = new CapabilityGuard('ilink', CAPS, clock);
  guard.noteInbound(from('alice'));
  clock.t += HOUR;
  guard.noteInbound(from('bob'));
  guard.admit(text('bob'));
  expect(guard.window('bob')).toEqual({
    conversation: 'bob',
    open: true,
    closesAt: 1_000_000 + 25 * HOUR,
    quotaLeft: 2,
  });
  expect(guard.window('carol')).toEqual({
    conversation: 'carol',
    open: false,
    closesAt: undefined,
    quotaLeft: 0,
  });
  // Newest first, bounded by the limit; the total still counts every one.
  expect(guard.windows(1)).toEqual({ total: 2, open: 2, conversations: [guard.window('bob')] });

  clock.t = 1_000_000 + 24 * HOUR + 1; // alice's window has closed, bob's has not
  const w = guard.windows(10);
  expect(w?.open).toBe(1);
  expect(w?.conversations.map((c) => [c.conversation, c.open, c.quotaLeft])).toEqual([
    ['bob', true, 2],
    ['alice', false, 0],
  ]);
});

test("the adapter's own view wins, and its restored conversations are listed", () => {
  const clock = clockAt(5_000);
  const guard = new CapabilityGuard(
    'ilink',
    CAPS,
    clock,
    (a) => (a === 'dave' ? { windowEndsAt: 9_000, quotaLeft: 1 } : undefined),
    () => ['dave'],
  );
  expect(guard.windows(5)).toEqual({
    total: 1,
    open: 1,
    conversations: [{ conversation: 'dave', open: true, closesAt: 9_000, quotaLeft: 1 }],
  });
});

test('a transport that may send at any time has no windows', () => {
  const guard = new CapabilityGuard('web', { ...CAPS, proactiveSends: true }, clockAt(0));
  guard.noteInbound(from('alice'));
  expect(guard.windows(5)).toBeUndefined();
  expect(guard.window('alice')).toBeUndefined();
});
