import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** Where each run saves its screenshots for review (git-ignored). */
export const SCREENSHOT_DIR = join(packageDir, 'test-output', 'screenshots');
const DOCS_DIR = join(packageDir, 'docs');

/** Generous waits: the suite must pass on a slow, busy 2-core machine. Conditions, never sleeps. */
export const WAIT_MS = 30_000;

/** One headless Chromium per test file. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
    ],
    protocolTimeout: 120_000,
  });
}

/** A new page with the long default waits. */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.setViewport({ width: 1100, height: 720 });
  return page;
}

/** Saves a screenshot of the page under test-output/screenshots (and docs/ with WXBOT_DOCS_SCREENSHOTS=1). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path: file as `${string}.png` });
  if (process.env.WXBOT_DOCS_SCREENSHOTS === '1') await copyFile(file, join(DOCS_DIR, `${name}.png`));
}

// The few browser globals the page functions use (the test build has no DOM library).
interface BrowserGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
}

/** Waits until an element matching `selector` contains `text`. */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    (sel: string, t: string) =>
      Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll(sel)).some((e) =>
        e.textContent?.includes(t),
      ),
    { timeout: WAIT_MS, polling: 'mutation' },
    selector,
    text,
  );
}

/** Opens a page of the console by hash route and waits for it to be drawn and live. */
export async function openPage(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}#/${name}`);
  await page.waitForSelector(`main[data-page="${name}"]`);
  await page.waitForSelector('body[data-live="1"]');
}
