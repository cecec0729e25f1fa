import { describe, expect, test } from '@jest/globals';
import { RateLimiter } from '../../src/index.js';
import { ConversationQueue } from '../../src/work-queue.js';

describe('ConversationQueue', () => {
  test('one job at a time per key, in order; a full key refuses more', async () => {
    const q = new ConversationQueue({ maxQueued: 2, maxConcurrent: 10 });
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    expect(
      q.push('a', async () => {
        log.push('a1 start');
        await gate;
        log.push('a1 end');
      }),
    ).toBe(true);
    expect(q.push('a', async () => void log.push('a2'))).toBe(true);
    expect(q.push('a', async () => void log.push('a3'))).toBe(false);
    expect(q.push('b', async () => void log.push('b1'))).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await q.idle();
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(q.pending).toBe(0);
  });

  test('at most maxConcurrent jobs run at once; a failing job does not block the next', async () => {
    const q = new ConversationQueue({ maxQueued: 5, maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
    };
    for (const k of ['a', 'b', 'c', 'd']) q.push(k, job);
    q.push('a', async () => {
      throw new Error('boom');
    });
    let after = false;
    q.push('a', async () => {
      after = true;
    });
    await q.idle();
    expect(peak).toBe(2);
    expect(after).toBe(true);
  });
});

describe('RateLimiter', () => {
  test('sliding window: refuses once per window, frees as old answers age out', () => {
    const r = new RateLimiter({ perUser: { max: 2, per: 1000 } });
    const who = { user: 'u', chat: 'c' };
    expect(r.take(who, 0).ok).toBe(true);
    expect(r.take(who, 100).ok).toBe(true);
    expect(r.take(who, 200)).toEqual({ ok: false, retryInMs: 800, refuse: true, limit: 'perUser' });
    expect(r.take(who, 300)).toMatchObject({ ok: false, refuse: false });
    expect(r.take(who, 1000).ok).toBe(true);
  });

  test('both limits must have room; a refusal takes from neither', () => {
    const r = new RateLimiter({ perUser: { max: 5, per: 1000 }, perChat: { max: 1, per: 1000 } });
    expect(r.take({ user: 'a', chat: 'g' }, 0).ok).toBe(true);
    expect(r.take({ user: 'b', chat: 'g' }, 1)).toMatchObject({ ok: false, limit: 'perChat' });
    expect(r.take({ user: 'b', chat: 'other' }, 2).ok).toBe(true);
  });
});
