import { createFakeModel, type FakeModel } from '@wxbot/simulator';
import { createTestBot, type IlinkTestBot } from '@wxbot/testing';
import { createLlmPlugin } from '../../src/index.js';
import { KEY_ENV, TEST_KEY } from '../helpers.js';

// On iLink the user sees "typing…" while the bot works on an answer. The LLM plugin's handler
// returns at once (the question is queued) and the model answers later: the plugin holds the
// indicator itself, so it stays on while the model thinks and goes off once the answer was sent.

let model: FakeModel;
let kit: IlinkTestBot;

beforeAll(async () => {
  model = await createFakeModel({ apiKey: TEST_KEY });
  kit = await createTestBot({
    transport: 'ilink',
    pacing: false,
    setup: async (bot) => {
      await bot.plugin(createLlmPlugin({ env: { [KEY_ENV]: TEST_KEY }, random: () => 0 }), {
        baseURL: model.url,
        model: 'fake-model',
        apiKeyEnv: KEY_ENV,
        timeoutMs: 5000,
        retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
      });
    },
  });
});
afterAll(async () => {
  await kit?.stop();
  await model?.close();
});

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('typing stays on while the model thinks after the handler returned, and goes off after the answer', async () => {
  const alice = kit.friend('alice');
  const typingOf = () => kit.sim.typingEvents.filter((e) => e.userId === alice.handle.userId);
  const before = typingOf().length;
  // The model takes 1.5 s; the handler has long returned by then.
  model.script({ text: 'Let me think… 42.', delayMs: 1500 });
  alice.says('what is the answer?');
  await model.waitForCompletions(1, 8000);
  // The indicator is an HTTP call of its own: on a loaded machine it may land a little later.
  await until(() => alice.handle.typing || alice.handle.received.length > 0, 'typing to show');
  // From then until the answer is delivered, the user sees "typing…" all along.
  // (Typing is read before the delivered list: a "false" read while nothing was delivered yet was
  // really before the answer, whatever the machine's speed.)
  let checks = 0;
  let offBeforeAnswer = 0;
  for (;;) {
    const typingNow = alice.handle.typing;
    if (alice.handle.received.length > 0) break;
    checks++;
    if (!typingNow) offBeforeAnswer++;
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(checks).toBeGreaterThan(0);
  expect(offBeforeAnswer).toBe(0);
  const reply = await alice.expectsReply('Let me think… 42.', { timeoutMs: 8000 });
  await until(() => !alice.handle.typing, 'typing to go off');
  const events = typingOf().slice(before);
  // One "typing" shown before the answer and one cancel after it: the handler's indicator and the
  // plugin's hold are one, not on–off–on.
  expect(events.map((e) => e.status)).toEqual([1, 2]);
  const [on, off] = events;
  expect(on?.timeMs).toBeLessThanOrEqual(reply.raw.timeMs);
  expect(off?.timeMs).toBeGreaterThanOrEqual(reply.raw.timeMs);
});
