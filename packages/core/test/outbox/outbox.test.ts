import { jest } from '@jest/globals';
import type { OutgoingMessage, SendReceipt } from '../../src/adapters/web/client/types.js';
import { WxApiError, WxError, WxNetworkError } from '../../src/errors.js';
import { Outbox } from '../../src/outbox/outbox.js';
import type { FailedEvent, SentEvent, Transmitter } from '../../src/outbox/types.js';

const T0 = 1_700_000_000_000;

/** A transmitter that records every call; `script` decides the outcome of each (default: ok). */
function fakeTransmitter(script: Array<Error | undefined> = []) {
  const calls: Array<{ to: string; text: string; clientMsgId: string; at: number }> = [];
  let n = 0;
  const transmitter: Transmitter = {
    async send(message, { clientMsgId }) {
      calls.push({
        to: message.to,
        text: message.kind === 'text' ? message.text : message.kind,
        clientMsgId,
        at: Date.now() - T0,
      });
      const outcome = script.shift();
      if (outcome) throw outcome;
      n += 1;
      return { msgId: `m${n}`, clientMsgId, to: message.to } satisfies SendReceipt;
    },
  };
  return { transmitter, calls };
}

const say = (to: string, text: string): OutgoingMessage => ({ kind: 'text', to, text });

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('pacing', () => {
  test('default global rate: a burst of 3, then one per second', async () => {
    const { transmitter, calls } = fakeTransmitter();
    // Different chats, so only the global bucket applies.
    const outbox = new Outbox(transmitter, { random: () => 0 });
    const done = Promise.all(Array.from({ length: 6 }, (_, i) => outbox.send(say(`@c${i}`, `m${i}`))));
    await jest.advanceTimersByTimeAsync(10_000);
    await done;
    expect(calls.map((c) => c.at)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  test('per-chat gap: interval plus jitter between two messages to one chat; other chats go ahead', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const outbox = new Outbox(transmitter, {
      random: () => 0.5,
      pacing: { global: { perSecond: 100, burst: 100 }, perChat: { intervalMs: 2000, jitterMs: 1000 } },
    });
    const sends = [
      outbox.send(say('@a', 'a1')),
      outbox.send(say('@a', 'a2')),
      outbox.send(say('@b', 'b1')),
      outbox.send(say('@a', 'a3')),
    ];
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(sends);
    expect(calls.map((c) => `${c.text}@${c.at}`)).toEqual(['a1@0', 'b1@0', 'a2@2500', 'a3@5000']);
  });

  test('pacing: false sends at once, in order', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const outbox = new Outbox(transmitter, { pacing: false });
    await Promise.all([
      outbox.send(say('@a', '1')),
      outbox.send(say('@a', '2')),
      outbox.send(say('@a', '3')),
    ]);
    expect(calls.map((c) => `${c.text}@${c.at}`)).toEqual(['1@0', '2@0', '3@0']);
  });

  test('pacing: false lets maxInFlight sends go at once from the first burst after a start', async () => {
    let inFlight = 0;
    const peaks: number[] = [];
    const transmitter: Transmitter = {
      async send(message, { clientMsgId }) {
        inFlight += 1;
        peaks.push(inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return { msgId: `m-${clientMsgId}`, clientMsgId, to: message.to };
      },
    };
    const outbox = new Outbox(transmitter, { pacing: false });
    // 10 replies to 10 chats: 8 (the default maxInFlight) in flight together, not 1, 2, 3… as the
    // window used to open one success at a time (the first burst's replies were the run's slowest).
    const burst = Promise.all(Array.from({ length: 10 }, (_, i) => outbox.send(say(`@c${i}`, `m${i}`))));
    await jest.advanceTimersByTimeAsync(5);
    expect(peaks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await jest.advanceTimersByTimeAsync(100);
    await burst;
    expect(peaks).toHaveLength(10);
  });

  test('typing delay: text waits length / charsPerSecond, capped', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const outbox = new Outbox(transmitter, {
      random: () => 0,
      pacing: { perChat: { intervalMs: 0, jitterMs: 0 }, typing: { charsPerSecond: 10, maxDelayMs: 3000 } },
    });
    const sends = [outbox.send(say('@a', 'twenty characters!!!')), outbox.send(say('@b', 'x'.repeat(500)))];
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(sends);
    expect(calls.map((c) => c.at)).toEqual([2000, 3000]);
  });
});

describe('retries', () => {
  test('1205 pauses all sending, then retries with the SAME clientMsgId', async () => {
    const { transmitter, calls } = fakeTransmitter([new WxApiError('webwxsendmsg', 1205, 'too fast')]);
    const outbox = new Outbox(transmitter, { pacing: false, retry: { frequencyPauseMs: 60_000 } });
    const sent: SentEvent[] = [];
    outbox.on('sent', (e) => sent.push(e));
    const first = outbox.send(say('@a', 'hello'));
    await jest.advanceTimersByTimeAsync(0); // the server answers 1205
    const other = outbox.send(say('@b', 'other chat'));
    await jest.advanceTimersByTimeAsync(59_999);
    expect(calls).toHaveLength(1); // the pause holds every chat
    await jest.advanceTimersByTimeAsync(1);
    const receipt = await first;
    await other;
    expect(calls.map((c) => c.text)).toEqual(['hello', 'hello', 'other chat']);
    expect(calls[1]?.clientMsgId).toBe(calls[0]?.clientMsgId);
    expect(calls[0]?.clientMsgId).toMatch(/^\d{17}$/);
    expect(receipt.clientMsgId).toBe(calls[0]?.clientMsgId);
    expect(sent[0]).toMatchObject({ attempts: 2, queuedMs: 60_000, receipt: { msgId: 'm1' } });
  });

  test('the 1205 pause doubles up to frequencyPauseMaxMs and no further', async () => {
    const tooFast = () => new WxApiError('webwxsendmsg', 1205, 'too fast');
    const { transmitter, calls } = fakeTransmitter(Array.from({ length: 8 }, tooFast));
    const outbox = new Outbox(transmitter, {
      pacing: false,
      retry: { attempts: 20, frequencyPauseMs: 1000, frequencyPauseMaxMs: 5000 },
    });
    const done = outbox.send(say('@a', 'x'));
    await jest.advanceTimersByTimeAsync(60_000);
    await done;
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? 0));
    expect(gaps).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
  });

  test('repeated 1205 doubles the pause', async () => {
    const tooFast = () => new WxApiError('webwxsendmsg', 1205, 'too fast');
    const { transmitter, calls } = fakeTransmitter([tooFast(), tooFast()]);
    const outbox = new Outbox(transmitter, { pacing: false, retry: { frequencyPauseMs: 1000 } });
    const done = outbox.send(say('@a', 'x'));
    await jest.advanceTimersByTimeAsync(5000);
    await done;
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 3000]);
  });

  test('network errors back off exponentially and keep the clientMsgId', async () => {
    const net = () => new WxNetworkError('webwxsendmsg', 'ECONNRESET');
    const { transmitter, calls } = fakeTransmitter([net(), net()]);
    const outbox = new Outbox(transmitter, { pacing: false, random: () => 0.5, retry: { baseDelayMs: 100 } });
    const done = outbox.send(say('@a', 'x'));
    await jest.advanceTimersByTimeAsync(1000);
    await done;
    expect(calls.map((c) => c.at)).toEqual([0, 100, 300]);
    expect(new Set(calls.map((c) => c.clientMsgId)).size).toBe(1);
  });

  test('gives up after the last attempt with the last error and a failed event', async () => {
    const net = () => new WxNetworkError('webwxsendmsg', 'down');
    const { transmitter, calls } = fakeTransmitter([net(), net(), net()]);
    const outbox = new Outbox(transmitter, { pacing: false, retry: { attempts: 3, baseDelayMs: 10 } });
    const failed: FailedEvent[] = [];
    outbox.on('failed', (e) => failed.push(e));
    const done = outbox.send(say('@a', 'x')).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await done).toBeInstanceOf(WxNetworkError);
    expect(calls).toHaveLength(3);
    expect(failed).toEqual([{ message: say('@a', 'x'), error: expect.any(WxNetworkError), attempts: 3 }]);
    expect(outbox.size).toBe(0);
  });

  test('errors that retrying cannot fix (1204 not a friend) fail at once', async () => {
    const { transmitter, calls } = fakeTransmitter([new WxApiError('webwxsendmsg', 1204, 'not a friend')]);
    const outbox = new Outbox(transmitter, { pacing: false });
    await expect(outbox.send(say('@stranger', 'x'))).rejects.toThrow('not a friend');
    expect(calls).toHaveLength(1);
  });

  test('a later message to the same chat waits for a retrying one (order kept)', async () => {
    const { transmitter, calls } = fakeTransmitter([new WxNetworkError('webwxsendmsg', 'blip')]);
    const outbox = new Outbox(transmitter, { pacing: false, random: () => 0.5, retry: { baseDelayMs: 500 } });
    const sends = [
      outbox.send(say('@a', 'first')),
      outbox.send(say('@a', 'second')),
      outbox.send(say('@b', 'elsewhere')),
    ];
    await jest.advanceTimersByTimeAsync(1000);
    await Promise.all(sends);
    expect(calls.map((c) => `${c.text}@${c.at}`)).toEqual([
      'first@0',
      'elsewhere@0',
      'first@500',
      'second@500',
    ]);
  });
});

describe('guards, events and lifecycle', () => {
  test('never answers the bot’s own message unless allowSelfReply', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const strict = new Outbox(transmitter, { pacing: false });
    const error = await strict
      .send(say('@a', 'loop'), { replyTo: { id: '42', self: true } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxError);
    expect((error as WxError).code).toBe('SELF_REPLY');
    expect((error as WxError).message).toMatch(
      /message 42, which the bot account sent itself.*allowSelfReply: true/,
    );
    await strict.send(say('@a', 'fine'), { replyTo: { id: '43', self: false } });
    const lenient = new Outbox(transmitter, { pacing: false, allowSelfReply: true });
    await lenient.send(say('@a', 'allowed'), { replyTo: { id: '44', self: true } });
    expect(calls.map((c) => c.text)).toEqual(['fine', 'allowed']);
  });

  test('a full queue rejects with a clear error', async () => {
    const { transmitter } = fakeTransmitter();
    const outbox = new Outbox(transmitter, { maxQueue: 2 });
    const a = outbox.send(say('@a', '1'));
    const b = outbox.send(say('@a', '2'));
    await expect(outbox.send(say('@a', '3'))).rejects.toThrow(
      /outbox is full \(2 messages waiting\).*raise outbox.maxQueue/,
    );
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all([a, b]);
  });

  test('sent events carry the message, receipt, attempts and time queued', async () => {
    const { transmitter } = fakeTransmitter();
    const outbox = new Outbox(transmitter, { random: () => 0 });
    const sent: SentEvent[] = [];
    outbox.on('sent', (e) => sent.push(e));
    const sends = [outbox.send(say('@a', '1')), outbox.send(say('@a', '2'))];
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(sends);
    expect(sent).toEqual([
      {
        message: say('@a', '1'),
        receipt: expect.objectContaining({ msgId: 'm1', to: '@a' }),
        attempts: 1,
        queuedMs: 0,
      },
      {
        message: say('@a', '2'),
        receipt: expect.objectContaining({ msgId: 'm2' }),
        attempts: 1,
        queuedMs: 2000,
      },
    ]);
  });

  test('flush resolves once everything queued was sent', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const outbox = new Outbox(transmitter, { random: () => 0 });
    await outbox.flush(); // empty: at once
    for (const t of ['1', '2', '3']) void outbox.send(say('@a', t));
    let flushed = false;
    void outbox.flush().then(() => {
      flushed = true;
    });
    await jest.advanceTimersByTimeAsync(3999);
    expect(flushed).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(flushed).toBe(true);
    expect(calls).toHaveLength(3);
  });

  test('stop rejects what is waiting and refuses new sends', async () => {
    const { transmitter, calls } = fakeTransmitter();
    const outbox = new Outbox(transmitter, { random: () => 0 });
    const first = outbox.send(say('@a', '1'));
    const second = outbox.send(say('@a', '2')).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(0);
    await first;
    outbox.stop();
    expect(await second).toMatchObject({ code: 'OUTBOX_STOPPED' });
    await expect(outbox.send(say('@a', '3'))).rejects.toMatchObject({ code: 'OUTBOX_STOPPED' });
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('transformers wrap every attempt and can be removed', async () => {
    const { transmitter, calls } = fakeTransmitter([new WxNetworkError('webwxsendmsg', 'blip')]);
    const outbox = new Outbox(transmitter, { pacing: false, retry: { baseDelayMs: 1 } });
    const seen: string[] = [];
    const remove = outbox.use(async (message, info, next) => {
      seen.push(`attempt ${info.attempt} ${info.clientMsgId.length}`);
      return next(message.kind === 'text' ? { ...message, text: message.text.toUpperCase() } : message);
    });
    const done = outbox.send(say('@a', 'shout'));
    await jest.advanceTimersByTimeAsync(10);
    await done;
    remove();
    await outbox.send(say('@a', 'quiet'));
    expect(seen).toEqual(['attempt 1 17', 'attempt 2 17']);
    expect(calls.map((c) => c.text)).toEqual(['SHOUT', 'SHOUT', 'quiet']);
  });
});
