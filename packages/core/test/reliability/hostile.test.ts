import type { Message } from '@wxbot/core';
import type { PhoneMessageSpec } from '@wxbot/simulator';
import { settledMemory, startBot, startWorld, Tally, until } from './harness.js';

// Hostile server input, end to end through the simulator: each message must become a typed
// message (`unknown` when unreadable) or be skipped with a warning; the loop goes on (a normal
// message after it is answered) and memory stays bounded.

const nested = (depth: number): string => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
const laughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
  '<msg><appmsg appid="" sdkver="0"><title>&lol9;</title><type>5</type><url>http://x</url></appmsg></msg>',
].join('');

const cases: ReadonlyArray<readonly [string, PhoneMessageSpec]> = [
  ['unknown MsgType', { kind: 'raw', fields: { MsgType: 31337, Content: 'what is this' } }],
  [
    'unknown AppMsgType',
    {
      kind: 'raw',
      fields: {
        MsgType: 49,
        AppMsgType: 9999,
        Content: '<msg><appmsg><type>9999</type><title>t</title></appmsg></msg>',
      },
    },
  ],
  ['billion laughs', { kind: 'raw', fields: { MsgType: 49, AppMsgType: 5, Content: laughs } }],
  [
    'deeply nested XML (100k levels)',
    { kind: 'raw', fields: { MsgType: 49, AppMsgType: 5, Content: nested(100_000) } },
  ],
  ['10 MB Content', { kind: 'raw', fields: { MsgType: 1, Content: 'A'.repeat(10 * 1024 * 1024) } }],
  [
    'lone surrogates (not encodable as UTF-8)',
    { kind: 'raw', fields: { MsgType: 1, Content: 'bad \ud800 \udfff end' } },
  ],
  ['XML where text is expected', { kind: 'raw', fields: { MsgType: 1, Content: '<msg><<<>>>&&&;' } }],
  [
    'numbers where strings are expected',
    { kind: 'raw', fields: { MsgType: 3, Content: 42 as unknown as string } },
  ],
  ['empty image', { kind: 'raw', fields: { MsgType: 3, Content: '' } }],
  ['garbage system message', { kind: 'raw', fields: { MsgType: 10000, Content: '<sysmsg type="?"><<' } }],
];

test('hostile messages become typed messages or warnings; the bot keeps answering; memory stays bounded', async () => {
  const world = await startWorld(2);
  const tally = new Tally(world.sim);
  const seen = new Map<string, Message>();
  // The harness's 600 ms request timeout is for the fault tests; here one answer carries 10 MB,
  // and on a busy machine building + reading it takes longer than that: the bot would abort and
  // re-request it forever. A big legitimate answer must not depend on the machine's speed.
  const timeouts = { request: 30_000, syncCheck: 1500, loginPoll: 1500 };
  const bot = await startBot(world, tally, { timeouts }, undefined, (b) =>
    b.events.on('message', (m) => {
      seen.set(m.id, m);
    }),
  );
  const friend = world.friends[0];
  if (!friend) throw new Error('no friend');
  try {
    const heapBefore = settledMemory().heap;
    const kinds: Record<string, string> = {};
    for (const [name, spec] of cases) {
      const { msgId } = world.sim.phone.say(friend, spec);
      const probe = tally.say(friend, `after ${name}`);
      await until(
        () => seen.has(msgId) && tally.replies(`after ${name}`) === 1,
        `the bot to survive "${name}"`,
      );
      kinds[name] = seen.get(msgId)?.kind ?? 'none';
      expect(tally.handled.get(probe)).toBe(1);
    }
    expect(kinds['unknown MsgType']).toBe('unknown');
    expect(kinds['10 MB Content']).toBe('unknown');
    expect(kinds['deeply nested XML (100k levels)']).not.toBe('none');
    expect(kinds['billion laughs']).not.toBe('none');
    // The 10 MB message is gone once handled: nothing keeps it (the session file only holds unhandled ones).
    await bot.adapter.saveSession();
    const heapAfter = settledMemory().heap;
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
    process.stdout.write(`hostile input → message kinds: ${JSON.stringify(kinds)}\n`);
  } finally {
    await bot.stop();
    await world.close();
  }
});
