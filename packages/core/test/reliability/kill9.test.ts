import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { loadSession } from '@wxbot/core';
import { type Child, spawnScript } from './child-process.js';
import { pause, renderReport, startWorld, until, type World } from './harness.js';

// The bot runs in a child process; the simulator (the server) runs here, so both ends are counted
// where a kill -9 cannot reach them: handled MsgIds in the child's append-only log, replies at the simulator.

// Caps for a hang: a loaded CI machine runs these rounds several times slower than a quiet one.
jest.setTimeout(180_000);

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

test('kill -9 mid-stream three times, restart each time: nothing lost, every reply exactly once', async () => {
  const world: World = await startWorld(5);
  const log = join(world.dir, 'handled.log');
  const env = { SIM_URL: world.sim.url, SESSION_FILE: world.sessionFile, HANDLED_LOG: log };
  const injected = new Map<string, string>();
  const say = (prefix: string, count: number): void => {
    for (let i = 0; i < count; i++) {
      const friend = world.friends[i % world.friends.length];
      if (!friend) throw new Error('no friend');
      const text = `${prefix}-${i}`;
      injected.set(world.sim.phone.say(friend, text).msgId, text);
    }
  };
  const done = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const l of lines(log)) {
      const [what, id] = l.split(' ');
      if (what === 'done' && id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const kills: string[] = [];
  let child: Child | undefined;
  try {
    child = spawnScript('./child-bot.ts', env);
    await child.waitFor('READY');
    for (let round = 0; round < 3; round++) {
      // Traffic while running; kill -9 in the middle of it (handlers, sends and saves in flight).
      say(`run${round}`, 40);
      const target = done().size + 12;
      await until(() => done().size >= target, `some handling in round ${round}`, 40_000);
      const inFlight = lines(log).length;
      await child.kill9();
      kills.push(`round ${round}: killed after ${inFlight} log lines`);
      // The session file is whole after the kill (old or new version, never torn).
      expect((await loadSession(world.sessionFile)).status).toBe('ok');
      say(`down${round}`, 5); // while the bot is down: the server keeps them (same session)
      child = spawnScript('./child-bot.ts', env);
      await child.waitFor('READY');
    }
    say('final', 10);
    const replies = (text: string): number =>
      world.sim.phone.sent.filter((m) => m.text === `re:${text}`).length;
    await until(
      () => [...injected].every(([id, text]) => done().has(id) && replies(text) >= 1),
      'every message handled and answered',
      20_000,
    );
    await pause(200); // anything doubled would show up now
    await child.stop();

    const counts = done();
    let once = 0;
    let rerun = 0;
    let lost = 0;
    let rOnce = 0;
    let rDup = 0;
    let rLost = 0;
    for (const [id, text] of injected) {
      const n = counts.get(id) ?? 0;
      if (n === 0) lost++;
      else if (n === 1) once++;
      else rerun++;
      const r = replies(text);
      if (r === 0) rLost++;
      else if (r === 1) rOnce++;
      else rDup++;
    }
    const table = renderReport([
      {
        fault: 'kill -9 ×3 + restart (child process)',
        injected: injected.size,
        notDeliveredByServer: 0,
        deliveredOnce: once,
        lost,
        duplicated: rerun,
        repliesMade: injected.size,
        repliesOnce: rOnce,
        repliesLost: rLost,
        repliesDuplicated: rDup,
      },
    ]);
    process.stdout.write(`\nkill -9 test (${kills.join('; ')}):\n${table}\n`);
    await writeFile(join(tmpdir(), 'wxbot-kill9-report.md'), `${table}\n`);
    expect(lost).toBe(0);
    expect(rLost).toBe(0);
    expect(rDup).toBe(0);
    // A handler still running when the process is killed runs again after the restart
    // (at-least-once); its reply is deduplicated by ClientMsgId. Finished handlers are in the
    // handled log at once, so only in-flight ones can repeat: at most one per chat (5 here) per kill.
    expect(rerun).toBeLessThanOrEqual(kills.length * world.friends.length);
  } finally {
    await child?.kill9();
    await world.close();
  }
});
