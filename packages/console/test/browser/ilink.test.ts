import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { type Bot, definePlugin, systemClock } from '@wxbot/core';
import { createIlinkBot } from '@wxbot/ilink';
import { createIlinkSimulator, type IlinkSimulator, type IlinkUser } from '@wxbot/simulator';
import pino from 'pino';
import type { Browser, Page } from 'puppeteer-core';
import QRCode from 'qrcode';
import { createLogTail, startConsole, type WebConsole } from '../../src/index.js';
import { launchBrowser, newPage, openPage, screenshot, WAIT_MS, waitForText } from '../helpers.js';

jest.setTimeout(180_000);

// A real iLink bot against the iLink simulator, its console, and one Chromium: the QR login with a
// redirect, a wrong verify code, a QR blocked by too many wrong codes and a right code typed in the
// page; then Status (transport, window, quota, daily budget), Chats (a send refused with the typed
// reason when the quota is used or the window closed), the -14 logout, and no secret in the page.
const QUOTA = 3;
const WINDOW_MS = 60 * 60 * 1000;
let skew = 0; // moves the bot's time (not the machine's) past the reply window
const now = () => Date.now() + skew;

let sim: IlinkSimulator;
let bot: Bot;
let web: WebConsole | undefined;
let browser: Browser;
let page: Page;
let owner: IlinkUser;
let started: Promise<void>;
const secrets = new Set<string>();

beforeAll(async () => {
  sim = await createIlinkSimulator({
    updatesHoldMs: 200,
    longPollTimeoutMs: 300,
    qrHoldMs: 100,
    maxVerifyAttempts: 2,
    quotaPerTurn: QUOTA,
  });
  owner = sim.user('alice');
  const logTail = createLogTail();
  bot = createIlinkBot({
    connectTo: sim.url,
    login: { pollIntervalMs: 5 },
    poll: { minEmptyPollIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 } },
    rules: { windowMs: WINDOW_MS, quotaPerTurn: QUOTA },
    names: { [owner.userId]: 'Alice' },
    now,
    clock: { ...systemClock, now },
    outbox: { journal: false, pacing: false, dailyBudget: 5 },
    logger: pino({ level: 'info' }, logTail.stream),
    // The Login page asks for the verify code and shows every QR step.
    verifyCode: (request) => web?.login.askVerifyCode(request) ?? Promise.resolve(undefined),
    onLoginEvent: (step) => web?.login.noteLoginStep(step),
  }) as unknown as Bot;
  await bot.plugin(
    definePlugin({ name: 'pinger', setup: (b) => void b.hears('ping', (ctx) => ctx.reply('pong')) }),
  );
  web = await startConsole(bot, { logTail, statusEveryMs: 300, now });
  started = bot.start();
  started.catch(() => undefined);
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await bot?.stop().catch(() => undefined);
  await sim?.close();
});

/** Everything the page can read, as one string (the views, the chat, the log). */
async function everythingThePageReads(chat: string): Promise<string> {
  return page.evaluate(async (id: string) => {
    const paths = ['/api/state', '/api/status', '/api/login', '/api/chats', '/api/logs', '/api/contacts'];
    paths.push(`/api/chats/${encodeURIComponent(id)}/messages`);
    const bodies = await Promise.all(paths.map((p) => fetch(p).then((r) => r.text())));
    const doc = (globalThis as unknown as { document: { documentElement: { outerHTML: string } } }).document;
    return bodies.join('\n') + doc.documentElement.outerHTML;
  }, chat);
}

function expectNoSecret(text: string): void {
  expect(secrets.size).toBeGreaterThan(0);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/context_token|bot_token|"token"|aes_?key|encrypt_query_param/i);
}

describe('the console on iLink, in a real browser', () => {
  test('QR login: redirect, a wrong code, a QR blocked after too many wrong codes, then the right code', async () => {
    await openPage(page, web!.baseUrl, 'login');
    const first = await owner.waitForQr(WAIT_MS);
    await page.waitForSelector('#login-phase[data-phase="qr"]');
    await page.waitForSelector('#qr img');
    await screenshot(page, 'ilink-login');

    // The phone scans; the server moves the login to another data centre and asks for the code.
    owner.scan(first, { verifyCode: true, redirect: true });
    await page.waitForSelector('#login-phase[data-phase="verify-code"]');
    await waitForText(page, '#login-redirect', 'another data centre');
    const right = owner.verifyCodeFor(first);
    const wrong = right === '111111' ? '222222' : '111111';
    await page.type('#verify-form input', wrong);
    await page.click('#verify-form button');
    await waitForText(page, '#verify-form .bad', 'wrong');
    await screenshot(page, 'ilink-verify-code');

    // A second wrong code blocks this QR; a new one is drawn and the page says why.
    await page.type('#verify-form input', wrong);
    await page.click('#verify-form button');
    await page.waitForSelector('#login-expired[data-reason="verify_code_blocked"]');
    await page.waitForSelector('#login-phase[data-phase="qr"]');
    await waitForText(page, '#login-expired', 'blocked after too many wrong codes');
    await waitForText(page, '#login-expired', 'QR code #2');

    const second = await owner.waitForQr(WAIT_MS);
    expect(second).not.toBe(first);
    owner.scan(second, { verifyCode: true });
    await page.waitForSelector('#login-phase[data-phase="verify-code"]');
    await page.type('#verify-form input', owner.verifyCodeFor(second));
    await page.click('#verify-form button');
    await page.waitForSelector('#login-phase[data-phase="scanned"]');
    owner.confirm(second);
    await page.waitForSelector('#login-phase[data-phase="logged-in"]');
    await started;
    const token = owner.bot?.token;
    expect(token).toBeDefined();
    secrets.add(token!);
  });

  test('Status shows iLink, the daily budget, and each chat’s reply window and quota', async () => {
    await openPage(page, web!.baseUrl, 'status');
    await waitForText(page, '[data-field="transport"] td', 'iLink');
    await waitForText(page, '[data-field="budget"] td', '0 / 5 today');
    await waitForText(page, '[data-field="account"] td', '@im.bot');
    await waitForText(page, '#windows', 'Nobody has written yet');

    // A picture first (shown in Chats, fetched through the bot from the CDN), then the turn's ping.
    owner.send({ kind: 'image', data: await QRCode.toBuffer('a picture for the console', { type: 'png' }) });
    owner.says('ping');
    await owner.waitForReply((m) => m.text === 'pong', WAIT_MS);
    await page.waitForSelector(`#windows tr[data-field="${owner.userId}"][data-window="open"]`);
    await waitForText(page, `#windows tr[data-field="${owner.userId}"]`, `${QUOTA - 1} of ${QUOTA} left`);
    await waitForText(page, '[data-field="budget"] td', '1 / 5 today');
    await screenshot(page, 'ilink-status');
  });

  test('Chats: send as the bot until the turn’s quota is used, then the refusal says why', async () => {
    await openPage(page, web!.baseUrl, 'chats');
    await page.click(`.chat-list button[data-chat="${owner.userId}"]`);
    await waitForText(page, '#chat-title', 'Alice');
    await waitForText(page, '.messages .msg:not(.self)', 'ping');
    await waitForText(page, '.messages .msg.self', 'pong');
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

    for (const text of ['hello from the console', 'and one more']) {
      const before = owner.received.length;
      await page.type('#send-text', text);
      await page.click('#send-form button');
      await owner.waitForReply((m) => m.text === text, WAIT_MS, before);
      await waitForText(page, '.messages .msg.self', text);
    }
    // pong + two from the page = the turn's quota of 3.
    await page.type('#send-text', 'one too many');
    await page.click('#send-form button');
    await page.waitForSelector('#send-result[data-code="TURN_QUOTA_EXHAUSTED"]');
    await waitForText(page, '#send-result', 'Wait for their next message');
    expect(owner.received.some((m) => m.text === 'one too many')).toBe(false);
    await screenshot(page, 'ilink-chats');

    await openPage(page, web!.baseUrl, 'status');
    await page.waitForSelector(`#windows tr[data-field="${owner.userId}"][data-quota-left="0"]`);
    await waitForText(page, '[data-field="budget"] td', '3 / 5 today');
  });

  test('Chats: after the reply window closed, a send is refused with REPLY_WINDOW_CLOSED', async () => {
    skew = WINDOW_MS + 60_000;
    await openPage(page, web!.baseUrl, 'status');
    await page.waitForSelector(`#windows tr[data-field="${owner.userId}"][data-window="closed"]`);
    await openPage(page, web!.baseUrl, 'chats');
    await page.click(`.chat-list button[data-chat="${owner.userId}"]`);
    await page.type('#send-text', 'too late');
    await page.click('#send-form button');
    await page.waitForSelector('#send-result[data-code="REPLY_WINDOW_CLOSED"]');
    expect(owner.received.some((m) => m.text === 'too late')).toBe(false);
  });

  test('no bot token or context token ever reaches the page', async () => {
    for (const m of sim.sendLog) if (m.contextToken) secrets.add(m.contextToken);
    expectNoSecret(await everythingThePageReads(owner.userId));
  });

  test('the server ends the session (-14): the Login page says so and that it will not re-scan', async () => {
    await openPage(page, web!.baseUrl, 'login');
    owner.unbind();
    await page.waitForSelector('#logout-reason[data-kind="expired"]');
    await waitForText(page, '#logout-reason', 'code -14');
    await waitForText(page, '#login', 'will not re-scan');
    await screenshot(page, 'ilink-logout');
    expectNoSecret(await everythingThePageReads(owner.userId));
  });
});
