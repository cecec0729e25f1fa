import { afterEach, describe, expect, test } from '@jest/globals';
import { type LlmWorld, QUIET, startLlm, TEST_KEY } from '../helpers.js';

let world: LlmWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const serverError = {
  error: { status: 500, message: 'The server had an error', type: 'server_error' },
} as const;

describe('when the model fails', () => {
  test('server errors and rate limits are retried with back-off, then the answer arrives', async () => {
    world = await startLlm();
    world.model.script(
      serverError,
      { error: { status: 429, message: 'Rate limit reached', type: 'requests' }, retryAfterMs: 20 },
      'finally',
    );
    const alice = world.kit.friend('alice');
    alice.says('hello?');
    await alice.expectsReply('finally');
    const [a, b, c] = world.model.completions;
    expect([a?.status, b?.status, c?.status]).toEqual([500, 429, 200]);
    // The retry-after-ms of the 429 was waited for.
    expect((c?.time ?? 0) - (b?.time ?? 0)).toBeGreaterThanOrEqual(15);
  });

  test('after the last retry the fallback reply is said, and memory keeps nothing of the failed turn', async () => {
    world = await startLlm({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    world.model.script(serverError, serverError, 'recovered');
    const alice = world.kit.friend('alice');
    alice.says('first question');
    await alice.expectsReply('抱歉，我暂时无法回答，请稍后再试。');
    expect(world.model.completions).toHaveLength(2);
    alice.says('second question');
    await alice.expectsReply('recovered');
    expect(world.model.completions[2]?.messages.map((m) => m.content)).not.toContain('first question');
  });

  test('a wrong key is not retried, and neither the logs nor the fallback contain the key', async () => {
    world = await startLlm(
      { fallbackReply: 'AI is unavailable.' },
      { model: { apiKey: 'sk-the-right-one' } },
    );
    const alice = world.kit.friend('alice');
    alice.says('hi');
    await alice.expectsReply('AI is unavailable.');
    expect(world.model.completions).toHaveLength(1);
    expect(world.model.completions[0]?.status).toBe(401);
    expect(world.logs.text).toMatch(/HTTP 401 Incorrect API key provided\. \(check the API key/);
    expect(world.logs.text).not.toContain(TEST_KEY);
  });

  test('a model that does not answer in time counts as failed (timeoutMs), as does a dropped connection', async () => {
    world = await startLlm({ timeoutMs: 200, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    world.model.script({ hang: true }, { drop: true });
    const alice = world.kit.friend('alice');
    alice.says('are you there?');
    await alice.expectsReply('抱歉，我暂时无法回答，请稍后再试。', { timeoutMs: 5000 });
    expect(world.model.completions).toHaveLength(2);
    expect(world.logs.text).toMatch(/"code":"MODEL_TIMEOUT".*did not answer in time.*"msg":"llm retrying"/);
    expect(world.logs.text).toContain('could not be reached after 2 attempts');
  });

  test('fallbackReply: null stays silent', async () => {
    world = await startLlm({ fallbackReply: null, retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    world.model.script(serverError);
    const alice = world.kit.friend('alice');
    alice.says('hi');
    await world.model.waitForCompletions(1);
    await alice.expectNoReply(QUIET);
  });

  test("a streamed answer (stream: true) is read chunk by chunk; a reasoning model's <think> is dropped", async () => {
    world = await startLlm({ stream: true }, { model: { chunkDelayMs: 1 } });
    world.model.script({ chunks: ['<think>the user ', 'greets me</think>', '你', '好', '！'] });
    const alice = world.kit.friend('alice');
    alice.says('hi');
    await alice.expectsReply('你好！');
    expect(world.model.completions[0]?.stream).toBe(true);
  });
});
