import { afterEach, describe, expect, test } from '@jest/globals';
import { createFakeModel, type FakeModel } from '@wxbot/simulator';
import { createModelClient, type ModelClientOptions, ModelError } from '../../src/index.js';

let model: FakeModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

const KEY = 'sk-unit-9f8e7d6c';
const base = (url: string, o: Partial<ModelClientOptions> = {}): ModelClientOptions => ({
  baseURL: url,
  apiKey: KEY,
  model: 'fake-model',
  timeoutMs: 1000,
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 },
  maxAnswerTokens: 100,
  stream: false,
  ...o,
});

async function failure(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError');
}

describe('createModelClient', () => {
  test('an error that echoes the key is reported with the key masked', async () => {
    model = await createFakeModel();
    model.script({ error: { status: 400, message: `invalid key ${KEY} for this project` } });
    const e = await failure(createModelClient(base(model.url)).complete([{ role: 'user', content: 'hi' }]));
    expect(e.code).toBe('MODEL_HTTP');
    expect(e.status).toBe(400);
    expect(e.message).toContain('invalid key *** for this project');
    expect(e.message).not.toContain(KEY);
  });

  test('a wrong model name gets a hint about baseURL and the model; an empty answer is an error', async () => {
    model = await createFakeModel({ models: ['real-model'] });
    const e = await failure(createModelClient(base(model.url)).complete([{ role: 'user', content: 'hi' }]));
    expect(e.message).toMatch(
      /HTTP 404 .*does not exist.*check baseURL, which usually ends in \/v1, and the model name/,
    );
    model.script('   ');
    const empty = await failure(
      createModelClient(base(model.url, { model: 'real-model' })).complete([{ role: 'user', content: 'hi' }]),
    );
    expect(empty.code).toBe('MODEL_EMPTY');
  });

  test('a keyless server (apiKey undefined) gets a harmless placeholder, never an env key', async () => {
    model = await createFakeModel();
    model.script('ok');
    const answer = await createModelClient(base(model.url, { apiKey: undefined })).complete([
      { role: 'user', content: 'hi' },
    ]);
    expect(answer).toMatchObject({ text: 'ok', attempts: 1, finishReason: 'stop' });
    expect(model.completions[0]?.headers.authorization).toBe('Bearer no-key');
  });

  test('an unreachable endpoint is a network error after the retries', async () => {
    model = await createFakeModel();
    const url = model.url;
    await model.close();
    model = undefined;
    const e = await failure(
      createModelClient(base(url, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 2 } })).complete([
        { role: 'user', content: 'hi' },
      ]),
    );
    expect(e.code).toBe('MODEL_NETWORK');
    expect(e.attempts).toBe(2);
  });
});

describe('endpointLabel', () => {
  test('shows scheme, host and path, never credentials or a query', async () => {
    const { endpointLabel } = await import('../../src/model-client.js');
    expect(endpointLabel('https://user:sk-secret@api.example.com/v1/?api-key=sk-secret')).toBe(
      'https://api.example.com/v1',
    );
    expect(endpointLabel('not a url')).toBe('(invalid URL)');
  });
});
