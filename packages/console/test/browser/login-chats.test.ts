import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { type Bot, createBot, definePlugin } from '@wxbot/core';
import { type ContactHandle, createSimulator, type Simulator } from '@wxbot/simulator';
import pino from 'pino';
import type { Browser, Page } from 'puppeteer-core';
import QRCode from 'qrcode';
import { createLogTail, startConsole, type WebConsole } from '../../src/index.js';
import { launchBrowser, newPage, openPage, screenshot, WAIT_MS, waitForText } from '../helpers.js';

jest.setTimeout(180_000);

// A real bot against the simulator, its console, and one Chromium: the person's path through the
// pages, in order (QR login first, as in life).
let sim: Simulator;
let bot: Bot;
let web: WebConsole;
let browser: Browser;
let page: Page;
let alice: ContactHandle;
let started: Promise<void>;

beforeAll(async () => {
  sim = await createSimulator({ loginHoldMs: 200, syncHoldMs: 500, account: { nickName: 'Console Bot' } });
  alice = sim.phone.addFriend({ nickName: 'Alice' });
  const logTail = createLogTail();
  const logger = pino({ level: 'info' }, logTail.stream);
  bot = createBot({
    connectTo: sim.url,
    keepAliveMs: 0,
    syncCheckMinIntervalMs: 0,
    backoff: { baseMs: 20, maxMs: 200 },
    // One QR code for the whole test even on a slow machine (10 polls × 200 ms by default).
    maxPollsPerQr: 1000,
    outbox: { pacing: false },
    logger,
  });
  await bot.plugin(
    definePlugin({ name: 'pinger', setup: (b) => void b.hears('ping', (ctx) => ctx.reply('pong')) }),
  );
  web = await startConsole(bot, { logTail, statusEveryMs: 500 });
  started = bot.start();
  started.catch(() => undefined);
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await bot?.stop().catch(() => undefined);
  await sim?.close();
});

describe('the console in a real browser', () => {
  test('without the token nothing is served, and writes need the page itself', async () => {
    const stranger = await browser.createBrowserContext();
    try {
      const p = await stranger.newPage();
      const res = await p.goto(web.baseUrl);
      expect(res?.status()).toBe(401);
      expect(await p.content()).toContain('needs its token');
      const api = await p.goto(`${web.baseUrl}api/state`);
      expect(api?.status()).toBe(401);
      const wrong = await p.goto(`${web.baseUrl}?token=not-the-token-at-all`);
      expect(wrong?.status()).toBe(401);
    } finally {
      await stranger.close();
    }
  });

  test('log in by scanning the QR drawn in the page; its state follows live', async () => {
    await page.goto(web.url);
    // The token left the address bar: it was traded for a session cookie.
    expect(page.url()).toBe(web.baseUrl);
    await openPage(page, web.baseUrl, 'login');
    const uuid = await sim.phone.waitForLoginRequest(WAIT_MS);
    await page.waitForSelector('#qr img');
    expect(await page.$('#login-expired')).toBeNull();
    const size = await page.$eval(
      '#qr img',
      (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
    );
    expect(size).toBeGreaterThan(0);
    await screenshot(page, 'login');
    sim.phone.scan(uuid);
    await page.waitForSelector('#login-phase[data-phase="scanned"]');
    sim.phone.confirm(uuid);
    await page.waitForSelector('#login-phase[data-phase="logged-in"]');
    await waitForText(page, '#login-account', 'Console Bot');
    await started;
  });

  test('the Status page shows the transport, the account, sync and plugins', async () => {
    await openPage(page, web.baseUrl, 'status');
    await waitForText(page, '[data-field="transport"] td', 'web');
    await waitForText(page, '[data-field="account"] td', 'Console Bot');
    await waitForText(page, '[data-field="login"] td.ok', 'yes');
    await waitForText(page, '[data-field="sync"] td.ok', 'healthy');
    await waitForText(page, '[data-field="budget"] td', '0 / 300 today');
    await waitForText(page, '#plugin-status [data-plugin="pinger"] td.state-active', 'active');
    await screenshot(page, 'status');
  });

  test('a message arrives live, the bot replies, and a message sent from the page reaches the phone', async () => {
    await openPage(page, web.baseUrl, 'chats');
    sim.phone.say(alice, 'ping');
    await waitForText(page, '.chat-list button', 'Alice');
    await page.click('.chat-list button[data-chat]');
    await waitForText(page, '.messages .msg:not(.self)', 'ping');
    await waitForText(page, '.messages .msg.self', 'pong');

    const png = await QRCode.toBuffer('a picture for the console', { type: 'png', width: 120 });
    sim.phone.say(alice, { kind: 'image', data: png });
    await page.waitForSelector('.messages .msg[data-kind="image"] img');
    await page.waitForFunction(
      () => {
        type Img = { complete: boolean; naturalWidth: number };
        const doc = (globalThis as unknown as { document: { querySelector(s: string): Img | null } })
          .document;
        const img = doc.querySelector('.messages .msg[data-kind="image"] img');
        return img?.complete === true && img.naturalWidth > 0;
      },
      { timeout: WAIT_MS },
    );

    const before = sim.phone.sent.length;
    await page.type('#send-text', 'hello from the console');
    await page.click('#send-form button');
    const sent = await sim.phone.waitForSent(
      (m) => m.kind === 'text' && m.text === 'hello from the console',
      WAIT_MS,
      before,
    );
    expect(sent.to.wxid).toBe(alice.wxid);
    await waitForText(page, '.messages .msg.self', 'hello from the console');
    await screenshot(page, 'chats');
  });

  test('the Logs page tails the log and filters by level', async () => {
    bot.logger.warn('a warning for the console');
    bot.logger.info('an info line for the console');
    await openPage(page, web.baseUrl, 'logs');
    await waitForText(page, '.log', 'an info line for the console');
    await page.select('#log-level', '40');
    await waitForText(page, '.log', 'a warning for the console');
    const texts = await page.$$eval('.log', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(texts.some((t) => t.includes('an info line for the console'))).toBe(false);
    bot.logger.error('a live error line');
    await waitForText(page, '.log', 'a live error line');
    await screenshot(page, 'logs');
  });

  test('a write without the console header is refused even with the cookie', async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'x', text: 'y' }),
      });
      return res.status;
    });
    expect(status).toBe(403);
  });
});
