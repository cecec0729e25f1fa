import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { REDACT_PATHS as CORE_REDACT_PATHS } from '@wxbot/core';
import { createLogger, REDACT_PATHS } from '../src/logging.js';
import { redactText } from '../src/redact.js';
import { tempDir } from './helpers.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { stream, text: () => text };
}

const tick = () => new Promise((r) => setImmediate(r));

/** The file's text once pino's async file stream has written something (polls, up to 3 s). */
async function written(file: string): Promise<string> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n') || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('createLogger', () => {
  test('writes JSON when not on a TTY, and redacts session secrets at any depth', async () => {
    const out = sink();
    const log = createLogger({ destination: out.stream });
    log.info(
      {
        skey: '@crypt_secret1',
        BaseRequest: { Uin: 12345, Sid: 'sid-secret', Skey: '@crypt_secret2' },
        session: { cookies: 'wxsid=a' },
        pass_ticket: 'pt',
      },
      'hello',
    );
    await tick();
    const record = JSON.parse(out.text()) as Record<string, unknown>;
    expect(record.msg).toBe('hello');
    expect(record.name).toBe('wxbot');
    expect(record).toMatchObject({
      skey: '[redacted]',
      pass_ticket: '[redacted]',
      BaseRequest: { Uin: '[redacted]', Sid: '[redacted]', Skey: '[redacted]' },
      session: { cookies: '[redacted]' },
    });
    expect(out.text()).not.toMatch(/secret|wxsid=a|12345/);
  });

  test('honours the level, and pretty: true prints text instead of JSON', async () => {
    const out = sink();
    const log = createLogger({ destination: out.stream, level: 'warn', pretty: true });
    log.info('quiet');
    log.warn({ chat: 'Hikers' }, 'loud');
    await tick();
    expect(out.text()).not.toContain('quiet');
    expect(out.text()).toContain('loud');
    expect(() => JSON.parse(out.text())).toThrow();
  });

  test('also writes JSON lines to a file, creating its folder', async () => {
    const dir = await tempDir();
    const file = join(dir, 'logs', 'bot.log');
    const out = sink();
    const log = createLogger({ destination: out.stream, file });
    log.info({ sid: 'x' }, 'to both');
    log.flush();
    const line = JSON.parse((await written(file)).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'to both', sid: '[redacted]' });
    expect(out.text()).toContain('to both');
  });
});

test('redactText masks secrets in URLs', () => {
  expect(
    redactText(
      'GET https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?r=1&pass_ticket=abc%2B&skey=@crypt_1 failed',
    ),
  ).toBe(
    'GET https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?r=1&pass_ticket=[redacted]&skey=[redacted] failed',
  );
});

test('the CLI redacts every path the core redacts, in the console and in log.file', async () => {
  for (const path of CORE_REDACT_PATHS) expect(REDACT_PATHS).toContain(path);
  const dir = await tempDir();
  const file = join(dir, 'bot.log');
  const out = sink();
  const log = createLogger({ destination: out.stream, file });
  log.info(
    {
      credentials: { sid: 'sid-secret', skey: '@crypt_secret', passTicket: 'pt-secret' },
      req: { headers: { cookie: 'wxsid=cookie-secret' } },
      BaseRequest: { Uin: 2912345678, DeviceID: 'e123' },
    },
    'request',
  );
  log.flush();
  const text = await written(file);
  expect(JSON.parse(text.trim())).toMatchObject({
    credentials: '[redacted]',
    req: { headers: { cookie: '[redacted]' } },
    BaseRequest: { Uin: '[redacted]', DeviceID: 'e123' },
  });
  for (const shown of [text, out.text()]) expect(shown).not.toMatch(/secret|2912345678/);
});
