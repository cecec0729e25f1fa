import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { main } from '@wxbot/cli';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, openPage, screenshot, waitForText } from '../helpers.js';

jest.setTimeout(180_000);

// The LLM plugin points at an address where nothing answers: in the sandbox it must talk to the
// offline model instead, also after the console changed its options (a reload re-creates it).
const CONFIG = `transport: ilink
plugins:
  - name: '@wxbot/plugin-autoreply'
    options:
      rules:
        - name: ping
          match: { equals: ping }
          reply: pong
  - name: '@wxbot/plugin-llm'
    options:
      baseURL: 'http://127.0.0.1:9/v1'
      model: offline-test
      apiKeyEnv: null
      fallbackReply: MODEL UNREACHABLE
      retry: { attempts: 0 }
      private:
        prefixes: ['ai ']
log:
  level: info
`;

// `wxbot start --sandbox --console` with `transport: ilink`, as a person runs it (in-process
// `main`), its printed URL opened in Chromium: chat as the simulated iLink user from the page.
let dir: string;
let browser: Browser;
let page: Page;
let url: string;
let baseUrl: string;
let stdout = '';
const stop = new AbortController();
const stdin = new PassThrough();
let exited: Promise<number>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-console-ilink-'));
  await writeFile(join(dir, 'wxbot.config.yaml'), CONFIG);
  const out = new PassThrough();
  const printed = new Promise<string>((resolve) => {
    out.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /console: (http:\/\/\S+)/.exec(stdout);
      if (found?.[1] && stdout.includes('ready:')) resolve(found[1]);
    });
  });
  exited = main(
    ['start', '--sandbox', '--console'],
    { WXBOT_SANDBOX_FAST: '1', WXBOT_RELOAD_DEBOUNCE_MS: '0' },
    { stdout: out, stderr: new PassThrough().resume(), stdin, cwd: dir, signal: stop.signal },
  );
  url = await Promise.race([
    printed,
    exited.then((code) => Promise.reject(new Error(`wxbot exited with ${code}: ${stdout}`))),
  ]);
  baseUrl = url.slice(0, url.indexOf('?'));
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  stop.abort();
  stdin.end();
  await exited?.catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** Says `text` as the simulated user from the Sandbox page and waits for the bot's `reply`. */
async function sayAndSee(text: string, reply: string): Promise<void> {
  await page.type('#sb-text', text);
  await page.click('#sb-send');
  await waitForText(page, '.messages .msg:not(.self)', text);
  await waitForText(page, '.messages .msg.self', reply);
}

describe('wxbot start --sandbox --console on iLink', () => {
  test('serves the console (it is no longer ignored) and logs in by itself', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(stdout).not.toContain('--console ignored');
    await openPage(page, baseUrl, 'login');
    await page.waitForSelector('#login-phase[data-phase="logged-in"]');
    await waitForText(page, '#login-account', '@im.bot');
  });

  test('the Sandbox page chats as the simulated iLink user; only they exist, no groups', async () => {
    await openPage(page, baseUrl, 'sandbox');
    const speakers = await page.$$eval('#sb-speaker option', (options) =>
      options.map((o) => o.textContent ?? ''),
    );
    expect(speakers).toEqual(['Alice']);
    await sayAndSee('ping', 'pong');
    await sayAndSee('ai hello', '[offline model] You said: hello');
    await screenshot(page, 'ilink-sandbox');
  });

  test('Status shows iLink, the open reply window with the quota left, and the daily budget', async () => {
    await openPage(page, baseUrl, 'status');
    await waitForText(page, '[data-field="transport"] td', 'iLink');
    await page.waitForSelector('#windows tr[data-window="open"]');
    await waitForText(page, '#windows tr[data-window="open"]', 'left this turn');
    await waitForText(page, '#windows', 'Alice');
    await waitForText(page, '[data-field="budget"] td', '/ 300 today');
  });

  test('an LLM option changed from the console reloads the plugin, still on the offline model', async () => {
    // Through its form on the Plugins page, as a person would.
    await openPage(page, baseUrl, 'plugins');
    const card = '.plugin[data-plugin="llm"]';
    const prefix = `${card} input[data-path="private.replyPrefix"]`;
    await page.waitForSelector(prefix);
    await page.type(prefix, 'AI: ');
    await page.click(`${card} button.save`);
    await waitForText(page, `${card} .result.ok`, 'saved');
    await screenshot(page, 'ilink-sandbox-plugins');
    expect(await readFile(join(dir, 'wxbot.config.yaml'), 'utf8')).toContain('replyPrefix');
    await openPage(page, baseUrl, 'status');
    await waitForText(page, '#plugin-status [data-plugin="llm"]', '1 reload');
    await openPage(page, baseUrl, 'sandbox');
    await sayAndSee('ai again', 'AI: [offline model] You said: again');

    // The Reload button re-creates the plugin from the config too.
    const reloaded = await page.evaluate(async () => {
      const res = await fetch('/api/plugins/llm/reload', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wxbot-console': '1' },
        body: '{}',
      });
      return res.status;
    });
    expect(reloaded).toBe(200);
    await sayAndSee('ai once more', 'AI: [offline model] You said: once more');
    const texts = await page.$$eval('.messages .msg.self', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(texts.some((t) => t.includes('MODEL UNREACHABLE'))).toBe(false);
  });

  test('a send as the bot to a chat that does not exist is refused', async () => {
    // iLink knows only the people who wrote to the bot.
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wxbot-console': '1' },
        body: JSON.stringify({ to: 'nobody@im.wechat', text: 'hi' }),
      });
      return res.status;
    });
    expect(status).toBe(404);
  });
});

test('wxbot exits 0 when stopped', async () => {
  stop.abort();
  stdin.end();
  expect(await exited).toBe(0);
});
