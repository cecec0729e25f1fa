import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { main } from '@wxbot/cli';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, openPage, screenshot, WAIT_MS, waitForText } from '../helpers.js';

jest.setTimeout(180_000);

const CONFIG = `# my sandbox bot
plugins:
  - name: '@wxbot/plugin-autoreply'
    options:
      rules:
        - name: ping
          match: { equals: ping }
          scope: private
          reply: pong
log:
  level: info
`;

// `wxbot start --sandbox --console` exactly as a person runs it (in-process `main`), its printed
// URL opened in Chromium: change a plugin option through its form, then chat as Alice.
let dir: string;
let file: string;
let browser: Browser;
let page: Page;
let url: string;
let baseUrl: string;
let stdout = '';
const stop = new AbortController();
const stdin = new PassThrough();
let exited: Promise<number>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-console-'));
  file = join(dir, 'wxbot.config.yaml');
  await writeFile(file, CONFIG);
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
    { WXBOT_SANDBOX_FAST: '1' },
    {
      stdout: out,
      stderr: new PassThrough().resume(),
      stdin,
      cwd: dir,
      signal: stop.signal,
    },
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

describe('wxbot start --sandbox --console', () => {
  test('prints a loopback URL that carries the token', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  test('a plugin option changed in its form is saved to the config file and applied', async () => {
    await openPage(page, baseUrl, 'plugins');
    const card = '.plugin[data-plugin="autoreply"]';
    await page.waitForSelector(`${card} [data-state="active"]`);
    const reply = `${card} input[data-path="rules.0.reply"]`;
    await page.waitForSelector(reply);
    expect(await page.$eval(reply, (i) => (i as unknown as { value: string }).value)).toBe('pong');

    // An empty required field is refused before anything is saved.
    await page.$eval(reply, (i) => {
      (i as unknown as { value: string }).value = '';
    });
    await page.click(`${card} button.save`);
    await waitForText(page, `${card} .result.bad`, 'rules.0.reply: required');

    await page.type(reply, 'pong from the form');
    await page.click(`${card} button.save`);
    await waitForText(page, `${card} .result.ok`, 'saved to wxbot.config.yaml and applied');
    await screenshot(page, 'plugins');
    const saved = await readFile(file, 'utf8');
    expect(saved).toContain('reply: pong from the form');
    expect(saved).toContain('# my sandbox bot');
  });

  test('the Sandbox page chats as a simulated friend and shows the new reply', async () => {
    await openPage(page, baseUrl, 'sandbox');
    await page.waitForSelector('#sb-speaker');
    const speaker = await page.$eval(
      '#sb-speaker',
      (s) =>
        (s as unknown as { selectedOptions: { textContent: string | null }[] }).selectedOptions[0]
          ?.textContent,
    );
    expect(speaker).toBe('Alice');
    await page.type('#sb-text', 'ping');
    await page.click('#sb-send');
    await waitForText(page, '.messages .msg:not(.self)', 'ping');
    await waitForText(page, '.messages .msg.self', 'pong from the form');
    await screenshot(page, 'sandbox');
  });

  test('the Status page counts the plugin reload', async () => {
    await openPage(page, baseUrl, 'status');
    await waitForText(page, '#plugin-status [data-plugin="autoreply"]', 'reload');
    await waitForText(page, '[data-field="account"] td', 'wxbot');
  });

  test('disabling a plugin writes enabled: false and unloads it; enabling brings it back', async () => {
    await openPage(page, baseUrl, 'plugins');
    const card = '.plugin[data-plugin="autoreply"]';
    await page.waitForSelector(`${card} button.toggle`);
    await page.click(`${card} button.toggle`);
    await page.waitForSelector(`.plugin [data-state="disabled"]`, { timeout: WAIT_MS });
    expect(await readFile(file, 'utf8')).toContain('enabled: false');
    await page.click('.plugin button.toggle');
    await page.waitForSelector(`${card} [data-state="active"]`, { timeout: WAIT_MS });
    expect(await readFile(file, 'utf8')).toContain('enabled: true');
  });
});
