import { afterEach, describe, expect, test } from '@jest/globals';
import { createFakeModel, type FakeModel } from '../../src/index.js';

let model: FakeModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k1', ...headers },
    body: JSON.stringify(body),
  });
const chat = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };

describe('the fake OpenAI-compatible model', () => {
  test('checks the key like the real API and records the request headers', async () => {
    model = await createFakeModel({ apiKey: 'k1' });
    const missing = await post(model.url, chat, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'invalid_api_key',
      message: expect.stringContaining("You didn't provide an API key"),
    });
    const ok = await post(model.url, chat);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { object: string; choices: { message: { content: string } }[] };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]?.message.content).toBe('[offline model] You said: hi');
    expect(model.completions.map((r) => [r.status, r.headers.authorization])).toEqual([
      [401, ''],
      [200, 'Bearer k1'],
    ]);
  });

  test('refuses malformed requests with OpenAI-shaped 400s', async () => {
    model = await createFakeModel();
    const cases: [unknown, RegExp][] = [
      [{ messages: [] }, /model parameter/],
      [{ model: 'm', messages: [] }, /'messages' must be a non-empty array/],
      [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, /'role' must be one of/],
      [{ ...chat, max_tokens: -1 }, /Invalid 'max_tokens'/],
    ];
    for (const [body, message] of cases) {
      const res = await post(model.url, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string; type: string } }).error).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringMatching(message),
      });
    }
    expect((await fetch(`${model.url}/embeddings`, { method: 'POST' })).status).toBe(404);
  });

  test('streams scripted answers as server-sent events ending in [DONE]', async () => {
    model = await createFakeModel();
    model.script({ chunks: ['Hel', 'lo'] });
    const res = await post(model.url, { ...chat, stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter((e) => e !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const deltas = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.slice('data: '.length)) as {
          choices: { delta: { content?: string }; finish_reason: string | null }[];
        },
    );
    expect(deltas.map((d) => d.choices[0]?.delta.content ?? '').join('')).toBe('Hello');
    expect(deltas.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  test('scripted errors carry retry-after-ms; waitForCompletions counts requests', async () => {
    model = await createFakeModel();
    model.script({ error: { status: 429, message: 'slow down' }, retryAfterMs: 250 });
    const res = await post(model.url, chat);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after-ms')).toBe('250');
    await expect(model.waitForCompletions(1, 100)).resolves.toHaveLength(1);
    await expect(model.waitForCompletions(2, 20)).rejects.toThrow(/expected 2 chat completion request/);
    expect(model.pending).toBe(0);
  });
});
