import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { main } from '@wxbot/cli';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, openPage, WAIT_MS, waitForText } from '../helpers.js';

jest.setTimeout(180_000);

// `wxbot start --console` with `transport: ilink` against the iLink simulator, as a person runs it:
// the QR is drawn in the page, and the number the phone shows is typed in the page, not the terminal.
let sim: IlinkSimulator;
let dir: string;
let browser: Browser;
let page: Page;
let stdout = '';
const stop = new AbortController();
let exited: Promise<number>;

beforeAll(async () => {
  sim = await createIlinkSimulator({ updatesHoldMs: 100, longPollTimeoutMs: 150, qrHoldMs: 50 });
  dir = await mkdtemp(join(tmpdir(), 'wxbot-console-ilink-start-'));
  await writeFile(
    join(dir, 'wxbot.config.yaml'),
    `transport: ilink\noutbox:\n  pacing: false\nilink:\n  baseUrl: ${sim.url}\nlog:\n  level: info\n`,
  );
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  exited = main(
    ['start', '--console'],
    {},
    {
      stdout: out,
      stderr: new PassThrough().resume(),
      stdin: new PassThrough(),
      cwd: dir,
      signal: stop.signal,
    },
  );
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
  stop.abort();
  await exited?.catch(() => undefined);
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves with the first match of `re` in what wxbot printed (polled on output, bounded). */
async function printed(re: RegExp): Promise<RegExpExecArray> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const found = re.exec(stdout);
    if (found) return found;
    if (Date.now() > until) throw new Error(`wxbot never printed ${re}: ${stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the QR and the verify code of an iLink login are handled in the page', async () => {
  const url = (await printed(/console: (http:\/\/\S+)/))[1]!;
  const baseUrl = url.slice(0, url.indexOf('?'));
  await page.goto(url);
  await openPage(page, baseUrl, 'login');
  const alice = sim.user('alice');
  const qr = await alice.waitForQr(WAIT_MS);
  await page.waitForSelector('#qr img');
  alice.scan(qr, { verifyCode: true });
  await page.waitForSelector('#verify-form input');
  await printed(/Type the number shown on your phone in the console's Login page/);
  await page.type('#verify-form input', alice.verifyCodeFor(qr));
  await page.click('#verify-form button');
  await page.waitForSelector('#login-phase[data-phase="scanned"]');
  alice.confirm(qr);
  await page.waitForSelector('#login-phase[data-phase="logged-in"]');
  await printed(/^ready: /m);
  await openPage(page, baseUrl, 'status');
  await waitForText(page, '[data-field="transport"] td', 'iLink');
  const token = alice.bot?.token;
  expect(token).toBeDefined();
  const everything = await page.evaluate(async () =>
    (await Promise.all(['/api/state', '/api/logs'].map((p) => fetch(p).then((r) => r.text())))).join('\n'),
  );
  expect(everything).not.toContain(token!);
  stop.abort();
  expect(await exited).toBe(0);
});
