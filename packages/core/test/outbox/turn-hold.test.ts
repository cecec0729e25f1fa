import { afterEach, beforeEach, expect, jest, test } from '@jest/globals';
import { CapabilityError } from '../../src/adapter/capability-guard.js';
import type { OutgoingMessage, SendReceipt } from '../../src/message/outgoing.js';
import { Outbox } from '../../src/outbox/outbox.js';
import type { FailedEvent, HeldEvent, Transmitter } from '../../src/outbox/types.js';

// queueUntilNextTurn in the outbox alone, on jest's fake clock: a transmitter that refuses a chat
// until its turn is opened (as the iLink client does when the window is closed or the quota used up).

const T0 = 1_700_000_000_000;

function turnTransmitter() {
  const open = new Set<string>();
  const sent: string[] = [];
  const transmitter: Transmitter = {
    async send(message, { clientMsgId }) {
      if (!open.has(message.to))
        throw new CapabilityError('TURN_QUOTA_EXHAUSTED', 'test', 'perTurnQuota', 'quota used up');
      sent.push(message.kind === 'text' ? message.text : message.kind);
      return { msgId: `m${sent.length}`, clientMsgId, to: message.to } satisfies SendReceipt;
    },
  };
  return { transmitter, open, sent };
}

const say = (to: string, text: string): OutgoingMessage => ({ kind: 'text', to, text });

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => {
  jest.useRealTimers();
});

test('off: a refused reply fails at once with the transport reason', async () => {
  const { transmitter, sent } = turnTransmitter();
  const outbox = new Outbox(transmitter, { pacing: false });
  const result = outbox.send(say('@a', 'hi')).catch((e: unknown) => e);
  await jest.advanceTimersByTimeAsync(10);
  expect(await result).toMatchObject({ code: 'TURN_QUOTA_EXHAUSTED' });
  expect(outbox.held).toBe(0);
  expect(sent).toEqual([]);
});

test('on: held (not an attempt, not blocking flush), sent in order when the turn opens, once', async () => {
  const { transmitter, open, sent } = turnTransmitter();
  const outbox = new Outbox(transmitter, { pacing: false, queueUntilNextTurn: true });
  const held: HeldEvent[] = [];
  outbox.on('held', (e) => held.push(e));
  const first = outbox.send(say('@a', 'one'));
  const second = outbox.send(say('@a', 'two'));
  await jest.advanceTimersByTimeAsync(10);
  expect(held.map((e) => e.heldInChat)).toEqual([1, 2]);
  expect(outbox.held).toBe(2);
  expect(outbox.size).toBe(0);
  await outbox.flush(); // resolves: held replies do not keep the outbox busy
  open.add('@a');
  outbox.openTurn('@a');
  await jest.advanceTimersByTimeAsync(10);
  expect((await first).msgId).toBe('m1');
  expect((await second).msgId).toBe('m2');
  expect(sent).toEqual(['one', 'two']);
  expect(outbox.held).toBe(0);
});

test('a reply the runtime knows is blocked can be handed over already held; other chats are not affected', async () => {
  const { transmitter, open, sent } = turnTransmitter();
  open.add('@b');
  const outbox = new Outbox(transmitter, { pacing: false, queueUntilNextTurn: { maxPerChat: 1 } });
  const reason = new CapabilityError('REPLY_WINDOW_CLOSED', 'test', 'proactiveSends', 'window closed');
  const waiting = outbox.send(say('@a', 'later'), {}, reason);
  const full = outbox.send(say('@a', 'too many'), {}, reason).catch((e: unknown) => e);
  await outbox.send(say('@b', 'now'));
  expect(await full).toMatchObject({
    code: 'REPLY_WINDOW_CLOSED',
    message: expect.stringMatching(/maxPerChat/),
  });
  expect(sent).toEqual(['now']);
  open.add('@a');
  outbox.openTurn('@a');
  await jest.advanceTimersByTimeAsync(10);
  await waiting;
  expect(sent).toEqual(['now', 'later']);
});

test('bounded in time: past maxHoldMs the reply fails (failed event), and stop rejects what is held', async () => {
  const { transmitter } = turnTransmitter();
  const outbox = new Outbox(transmitter, { pacing: false, queueUntilNextTurn: { maxHoldMs: 60_000 } });
  const failed: FailedEvent[] = [];
  outbox.on('failed', (e) => failed.push(e));
  const old = outbox.send(say('@a', 'old')).catch((e: unknown) => e);
  await jest.advanceTimersByTimeAsync(30_000);
  const young = outbox.send(say('@b', 'young')).catch((e: unknown) => e);
  await jest.advanceTimersByTimeAsync(30_001);
  expect(await old).toMatchObject({
    code: 'REPLY_WINDOW_CLOSED',
    message: expect.stringMatching(/maxHoldMs/),
  });
  expect(failed).toHaveLength(1);
  expect(outbox.held).toBe(1);
  outbox.stop();
  expect(await young).toMatchObject({ code: 'OUTBOX_STOPPED' });
  expect(outbox.held).toBe(0);
});
