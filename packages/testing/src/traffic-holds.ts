import type { Adapter, Bot } from '@wxbot/core';
import type { VirtualClock } from './virtual-clock.js';

/**
 * How long (real ms) a message the bot never receives (the fake server lost it, the bot stopped…)
 * may keep the virtual clock still. Only such messages ever wait this long.
 */
const UNDISPATCHED_RELEASE_MS = 5000;

/** Holds a virtual clock while traffic between the test and the bot is under way. */
export interface TrafficHolds {
  /** A message was just sent to the bot: keep time still until the bot has received it. */
  inbound(msgId: string): void;
  /** Let go of every hold (the test is over). */
  dispose(): void;
}

/**
 * Make messages in transit take zero virtual time, as they take a few real milliseconds live:
 * the clock is held from `says()` until the bot's transport delivers the message (its `inbound`
 * event), and for the whole of every send attempt (so the simulator stamps a send at the very time
 * the outbox let it go).
 */
export function holdClockForTraffic<A extends Adapter>(bot: Bot<A>, clock: VirtualClock): TrafficHolds {
  const waiting = new Map<string, { release: () => void; fallback: ReturnType<typeof setTimeout> }>();
  const arrived = (msgId: string): void => {
    const hold = waiting.get(msgId);
    if (!hold) return;
    waiting.delete(msgId);
    clearTimeout(hold.fallback);
    hold.release();
  };
  bot.outbox.use(async (message, _info, next) => {
    const release = clock.hold();
    try {
      return await next(message);
    } finally {
      release();
    }
  });
  // As soon as the bot has the batch (before any per-chat queue): a message waiting behind a slow
  // handler of its chat must not stop the clock that would cut that handler at its deadline.
  bot.events.on('inbound', (batch) => {
    for (const raw of batch.items) {
      const id = bot.adapter.inboundId(raw as never);
      if (id !== undefined) arrived(id);
    }
  });
  return {
    inbound(msgId) {
      const release = clock.hold();
      const fallback = setTimeout(() => arrived(msgId), UNDISPATCHED_RELEASE_MS);
      fallback.unref?.();
      waiting.set(msgId, { release, fallback });
    },
    dispose() {
      for (const msgId of [...waiting.keys()]) arrived(msgId);
    },
  };
}
