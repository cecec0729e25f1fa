import { createBot, definePlugin, LOG_LAYERS, layerLogger } from '@wxbot/core';
import { captureLogger } from './log-capture.js';

// Issue 13: with pino `redact` removed from every logger, no test failed. This one logs a secret
// in every field the protocol carries secrets in, through every logger wxbot makes or hands out,
// on a root logger that has NO redaction of its own (a user's plain pino), and looks for it.

const SECRET = '@crypt_5ecret_0f_the_session';

function payload(): Record<string, unknown> {
  return {
    skey: SECRET,
    pass_ticket: SECRET,
    uin: SECRET,
    BaseRequest: { Skey: SECRET, Sid: SECRET, Uin: SECRET },
    session: { cookies: SECRET, credentials: SECRET },
    request: { headers: { cookie: SECRET } },
  };
}

test('a secret logged through every layer, middleware and plugin logger is scrubbed', async () => {
  const log = captureLogger('trace');
  for (const layer of LOG_LAYERS) layerLogger(log.logger, layer).info(payload(), `layer ${layer}`);

  const bot = createBot({ logger: log.logger });
  bot.api.logger.info(payload(), 'middleware logger');
  bot.api.logger.child({ component: 'mine' }).info(payload(), 'middleware child logger');
  await bot.plugin(
    definePlugin({
      name: 'leaky',
      setup(scope) {
        scope.logger.info(payload(), 'plugin logger');
      },
    }),
  );

  const text = log.text();
  expect(log.lines.length).toBe(LOG_LAYERS.length + 3);
  expect(text).not.toContain(SECRET);
  expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual((LOG_LAYERS.length + 3) * 8);
});

test('iLink secrets are scrubbed at the top level and at any depth inside whole messages and items', async () => {
  const KEY = 'OrOktMRJ6kAO2ObVIBnZ/g==';
  const raw = {
    context_token: SECRET,
    item_list: [
      {
        image_item: {
          aeskey: KEY,
          media: { aes_key: KEY, encrypt_query_param: SECRET, full_url: `https://cdn/x?p=${SECRET}` },
          ref_msg: { message_item: { file_item: { media: { aes_key: KEY } } } },
        },
      },
    ],
  };
  const log = captureLogger('trace');
  const sync = layerLogger(log.logger, 'sync');
  sync.trace({ messages: [raw] }, 'updates (raw)');
  sync.info({ context_token: SECRET, qrcode: SECRET, typing_ticket: SECRET }, 'top level');
  const bot = createBot({ logger: log.logger });
  await bot.plugin(
    definePlugin({
      name: 'leaky',
      setup(scope) {
        scope.logger.debug({ message: { kind: 'image', raw } }, 'got');
        scope.logger.debug({ raw, item: raw.item_list[0] }, 'raw');
      },
    }),
  );
  const text = log.text();
  expect(log.lines.length).toBe(4);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(KEY);
  expect(text).toContain('"kind":"image"'); // the rest of the message is still there
});

test('a Buffer or a cycle in a logged object is written safely instead of making the log call throw', async () => {
  const log = captureLogger('trace');
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const bot = createBot({ logger: log.logger });
  const call = () => {
    layerLogger(log.logger, 'send').info({ media: { data: Buffer.from('hello') }, cyclic }, 'upload');
    bot.api.logger.info({ reply: { image: { data: new Uint8Array(4) } } }, 'reply');
  };
  // Path redaction copies what it walks, and a copied Buffer throws when it is serialized.
  expect(call).not.toThrow();
  expect(log.text()).toContain('"data":"[5 bytes]"');
  expect(log.text()).toContain('"data":"[4 bytes]"');
  expect(log.text()).toContain('"self":"[Circular]"');
});

test('an error carrying its request (cookies in its config) keeps its type and message, its secrets redacted', () => {
  const log = captureLogger('trace');
  const error = Object.assign(new TypeError('socket hang up'), {
    code: 'ECONNRESET',
    config: { url: '/cgi-bin/mmwebwx-bin/webwxsync', headers: { Cookie: SECRET } },
    response: { request: { session: { deep: { skey: SECRET } } } },
    cause: Object.assign(new Error('inner'), { pass_ticket: SECRET }),
  });
  layerLogger(log.logger, 'sync').warn({ err: error }, 'sync failed');
  layerLogger(log.logger, 'sync').warn({ failure: { error } }, 'nested error');

  const [first, second] = log.lines;
  expect(log.text()).not.toContain(SECRET);
  expect(first).toMatchObject({
    err: {
      type: 'TypeError',
      message: expect.stringContaining('socket hang up'),
      stack: expect.stringContaining('socket hang up'),
      code: 'ECONNRESET',
      config: { headers: { Cookie: '[redacted]' } },
      response: { request: { session: { deep: { skey: '[redacted]' } } } },
    },
  });
  expect(second).toMatchObject({ failure: { error: { config: { headers: { Cookie: '[redacted]' } } } } });
});

test('secrets in child bindings and deeper than any fixed path are redacted', () => {
  const log = captureLogger('trace');
  const bot = createBot({ logger: log.logger });
  bot.api.logger.child({ token: SECRET, who: 'plugin' }).info('bound');
  bot.api.logger.info({ a: { b: { c: { d: { e: { cookie: SECRET } } } } } }, 'deep');
  expect(log.text()).not.toContain(SECRET);
  expect(log.lines).toHaveLength(2);
  expect(log.text()).toContain('"who":"plugin"');
});
