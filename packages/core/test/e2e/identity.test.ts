import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type Message } from '@wxbot/core';
import { startHarness, waitUntil } from './harness.js';

// Identity across the wire: the echo of what the bot sent is not handled again, and the stable
// contact id of a friend or group survives a new login (when every UserName changes).

test("the bot's own send comes back in sync and is neither emitted nor handled again", async () => {
  const h = await startHarness({ cast: { friends: ['alice'] } });
  try {
    const receipt = await h.bot.say('alice', 'hello alice');
    // The server queued the echo of our send (same MsgId) when it accepted it, so a message the
    // friend sends afterwards comes after the echo in the sync stream: once that one is handled,
    // the echo had its chance.
    const later = h.kit.friend('alice').says('and back');
    await h.handledById(later.msgId);
    expect(h.emitted.map((m) => m.id)).not.toContain(receipt.msgId);
    expect(h.handled.map((m) => m.id)).not.toContain(receipt.msgId);
    expect(h.kit.sim.phone.sent.filter((m) => m.msgId === receipt.msgId)).toHaveLength(1);
  } finally {
    await h.stop();
  }
});

async function restartAndCompare(options: { sessionFile?: string; killSession: boolean }): Promise<void> {
  const h = await startHarness({
    cast: { friends: ['alice'], groups: [{ topic: 'Hikers', members: ['alice', 'bob'] }] },
    ...(options.sessionFile ? { bot: { sessionFile: options.sessionFile } } : {}),
  });
  const second = createBot({
    keepAliveMs: 0,
    syncCheckMinIntervalMs: 0,
    backoff: { baseMs: 20, maxMs: 200 },
    outbox: { pacing: false },
    connectTo: h.kit.sim.url,
    clock: h.kit.clock,
    ...(options.sessionFile ? { sessionFile: options.sessionFile } : {}),
  });
  try {
    const phone = h.kit.sim.phone;
    const alice = h.kit.friend('alice');
    const hikers = h.kit.group('Hikers');
    const before = await h.handledById(alice.says('before').msgId);
    const beforeGroup = await h.handledById(hikers.member('alice').says('before, in the group').msgId);
    const oldAlice = alice.handle.userName;
    const oldGroup = hikers.handle.userName;
    const aliceId = before.sender.id;
    const groupId = beforeGroup.chat.id;
    expect(aliceId).toBe(h.bot.contacts.get(oldAlice)?.id);

    await h.bot.stop();
    // The web session dies (logged out on the phone): the next start needs a new login.
    if (options.killSession) phone.logout();
    const seen: Message[] = [];
    second.events.on('message', (m) => seen.push(m));
    await second.start();
    // A new login: every UserName is new.
    expect(alice.handle.userName).not.toBe(oldAlice);
    expect(hikers.handle.userName).not.toBe(oldGroup);
    // The id may change once in a new process, when the wxid list of the login's first sync
    // arrives (contacts/README.md, "Limits"): wait for that, but no longer than a second.
    await waitUntil(
      () => (second.contacts.get(alice.handle.userName)?.id === aliceId ? true : undefined),
      `alice's id to be ${aliceId} again (now ${second.contacts.get(alice.handle.userName)?.id})`,
      1000,
    );
    expect(second.contacts.get(hikers.handle.userName)?.id).toBe(groupId);

    const after = phone.say(alice.handle, 'after');
    const afterGroup = phone.sayInGroup(hikers.handle, alice.handle, 'after, in the group');
    const m1 = await waitUntil(() => seen.find((m) => m.id === after.msgId), 'message after re-login');
    const m2 = await waitUntil(
      () => seen.find((m) => m.id === afterGroup.msgId),
      'group message after re-login',
    );
    expect(m1.sender.id).toBe(aliceId);
    expect(m1.sender.userName).toBe(alice.handle.userName);
    expect(m2.chat.id).toBe(groupId);
    expect(m2.sender.id).toBe(aliceId);
  } finally {
    await second.stop();
    await h.kit.sim.close();
  }
}

test('a friend and a group keep their stable id when a new process logs in again (new UserNames)', async () => {
  await restartAndCompare({ killSession: false });
});

test('with a session file, a friend and a group keep their stable id after the session died and the bot logged in again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-e2e-'));
  try {
    await restartAndCompare({ sessionFile: join(dir, 'session.json'), killSession: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
