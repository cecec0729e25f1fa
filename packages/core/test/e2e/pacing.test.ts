import type { SentMessage } from '@wxbot/simulator';
import { createTestBot } from '@wxbot/testing';

// The outbox's default pacing, observed where it matters: the simulator's timestamps of what the
// bot sent. Defaults (src/outbox/types.ts, PacingOptions): overall 1 message/s after a burst of 3;
// one chat gets at most one message every 2000 ms (+ random jitter below 1000 ms).
const GLOBAL_PER_SECOND = 1;
const GLOBAL_BURST = 3;
const PER_CHAT_MIN_GAP_MS = 2000;
// On the kit's virtual clock a send on the wire takes no time (the clock is held), so the
// simulator stamps each message at the very moment the outbox let it go: the limits hold exactly,
// however slow or loaded the machine is.

function byChat(sent: readonly SentMessage[]): Map<string, SentMessage[]> {
  const chats = new Map<string, SentMessage[]>();
  for (const m of sent) chats.set(m.to.wxid, [...(chats.get(m.to.wxid) ?? []), m]);
  return chats;
}

test('replies to three chats at once respect the per-chat gap and the global rate at the simulator clock', async () => {
  const kit = await createTestBot({
    clock: 'virtual',
    cast: { friends: ['alice', 'carol', 'dave'] },
    setup: (bot) => {
      bot.hears('count', async (ctx) => {
        for (let i = 1; i <= 3; i++) await ctx.reply(`${ctx.sender.name} ${i}`);
      });
    },
  });
  try {
    const names = ['alice', 'carol', 'dave'];
    for (const name of names) kit.friend(name).says('count');
    for (const name of names) {
      const friend = kit.friend(name);
      for (let i = 1; i <= 3; i++) await friend.expectsReply(`${name} ${i}`);
    }
    const sent = [...kit.sent].sort((a, b) => a.timeMs - b.timeMs);
    expect(sent).toHaveLength(9);

    for (const [, messages] of byChat(sent)) {
      for (let i = 1; i < messages.length; i++) {
        const gap = (messages[i]?.timeMs ?? 0) - (messages[i - 1]?.timeMs ?? 0);
        expect(gap).toBeGreaterThanOrEqual(PER_CHAT_MIN_GAP_MS);
      }
    }
    // Token bucket: any n consecutive sends span at least (n - burst) / rate seconds.
    for (let i = 0; i < sent.length; i++) {
      for (let j = i + GLOBAL_BURST; j < sent.length; j++) {
        const span = (sent[j]?.timeMs ?? 0) - (sent[i]?.timeMs ?? 0);
        const needed = ((j - i + 1 - GLOBAL_BURST) * 1000) / GLOBAL_PER_SECOND;
        expect(span).toBeGreaterThanOrEqual(needed);
      }
    }
    // And the pacing is not wildly slower than the limits: 9 messages in well under a minute of bot time.
    const total = (sent.at(-1)?.timeMs ?? 0) - (sent[0]?.timeMs ?? 0);
    expect(total).toBeLessThan(20_000);
  } finally {
    await kit.stop();
  }
});

test('one reply to each of eight chats: a burst of three, then one per second at the simulator clock', async () => {
  const names = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
  const kit = await createTestBot({
    clock: 'virtual',
    cast: { friends: names },
    setup: (bot) => {
      bot.hears('hi', (ctx) => ctx.reply(`hi ${ctx.sender.name}`));
    },
  });
  try {
    for (const name of names) kit.friend(name).says('hi');
    for (const name of names) await kit.friend(name).expectsReply(`hi ${name}`);
    const times = kit.sent.map((m) => m.timeMs).sort((a, b) => a - b);
    expect(times).toHaveLength(8);
    const first = times[0] ?? 0;
    // After the burst, the k-th extra message cannot come before k seconds.
    for (let k = GLOBAL_BURST; k < times.length; k++) {
      const earliest = ((k + 1 - GLOBAL_BURST) * 1000) / GLOBAL_PER_SECOND;
      expect((times[k] ?? 0) - first).toBeGreaterThanOrEqual(earliest);
    }
    // The burst itself is not held back by a per-chat rule: three different chats go at once.
    expect((times[GLOBAL_BURST - 1] ?? 0) - first).toBeLessThan(1000);
  } finally {
    await kit.stop();
  }
});
