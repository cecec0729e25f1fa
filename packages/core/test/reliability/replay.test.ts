import { startBot, startWorld, Tally } from './harness.js';

// Issue 13: with the inbound MsgId dedupe removed, the kill -9, fault and sync tests stayed green:
// none fed the bot a batch it had handled. Here the simulator answers one webwxsync from an old
// SyncKey (the last 6 messages again, already handled), as a server with a stale backlog does.

test('a replayed batch from an old SyncKey is not handled again and not answered twice', async () => {
  const world = await startWorld(3);
  const tally = new Tally(world.sim);
  const bot = await startBot(world, tally);
  try {
    tally.burst(world.friends, 'first', 6);
    await tally.waitSettled();
    await bot.idle();
    expect(tally.row('first').deliveredOnce).toBe(6);

    // The next sync answers the 6 handled messages (and their reply echoes) once more.
    const fault = world.sim.faults.staleSync(12, { times: 1 });
    tally.burst(world.friends, 'second', 3);
    await tally.waitSettled();
    await bot.idle();
    expect(world.sim.faults.list().find((f) => f.id === fault)).toBeUndefined(); // it was used

    const row = tally.row('replayed batch');
    expect(row.deliveredOnce).toBe(9);
    expect(row.duplicated).toBe(0);
    expect(row.repliesOnce).toBe(9);
    expect(row.repliesDuplicated).toBe(0);
    expect(bot.stats().messagesHandled).toBe(9);
  } finally {
    await bot.stop();
    await world.close();
  }
});
