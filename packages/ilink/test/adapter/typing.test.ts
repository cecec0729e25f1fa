import { afterEach, expect, it } from '@jest/globals';
import { Bot, type Capabilities } from '@wxbot/core';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { IlinkAdapter } from '../../src/adapter/ilink-adapter.js';
import { until } from '../helpers.js';

// "typing…" while a handler runs is decided by the runtime from `capabilities.typing`; the adapter
// only shows and clears it.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function run(sim: IlinkSimulator, adapter: IlinkAdapter, typingWhileHandling?: boolean) {
  const bot = new Bot({
    adapter,
    outbox: { pacing: false, journal: false },
    ...(typingWhileHandling === undefined ? {} : { typingWhileHandling }),
  });
  cleanups.push(() => bot.stop());
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { handling: false };
  bot.use(async (ctx) => {
    if (ctx.message.kind !== 'text' || ctx.message.self) return;
    state.handling = true;
    await gate; // still handling: the indicator shows now, if at all
    await ctx.reply(`echo: ${ctx.message.text}`);
  });
  const started = bot.start();
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr());
  await started;
  return { alice, release, state };
}

function adapterOn(sim: IlinkSimulator, capabilities?: Partial<Capabilities>): IlinkAdapter {
  const adapter = new IlinkAdapter({
    connectTo: sim.url,
    now: () => sim.now(),
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 0 },
  });
  if (capabilities) Object.assign(adapter, { capabilities: { ...adapter.capabilities, ...capabilities } });
  return adapter;
}

async function simulator(): Promise<IlinkSimulator> {
  const sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 30 });
  cleanups.push(() => sim.close());
  return sim;
}

it('shows typing while the handler runs and clears it after (default)', async () => {
  const sim = await simulator();
  const { alice, release } = await run(sim, adapterOn(sim));
  alice.says('hi');
  await until(() => alice.typing, 'typing to show');
  release();
  await alice.waitForReply((m) => m.text === 'echo: hi');
  await until(() => !alice.typing, 'typing to clear');
  expect(sim.typingEvents.map((e) => e.status)).toEqual([1, 2]);
});

it('shows nothing with typingWhileHandling: false, or when the capability says the transport has none', async () => {
  for (const [option, caps] of [
    [false, undefined],
    [undefined, { typing: false }],
  ] as const) {
    const sim = await simulator();
    const { alice, release, state } = await run(sim, adapterOn(sim, caps), option);
    alice.says('hi');
    await until(() => state.handling, 'the handler to run');
    await new Promise((r) => setTimeout(r, 100)); // a typing request would have been made by now
    expect(sim.typingEvents).toEqual([]);
    release();
    await alice.waitForReply((m) => m.text === 'echo: hi');
    expect(sim.typingEvents).toEqual([]);
    for (const c of cleanups.splice(0).reverse()) await c();
  }
});
