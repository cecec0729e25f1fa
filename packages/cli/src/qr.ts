import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { renderQrToString } from '@wxbot/core';

/**
 * Renders `url` as a QR code made of terminal block characters (half-height rows, so it fits
 * an 80×24 terminal).
 *
 * @example
 * process.stdout.write(await renderQrForTerminal('https://login.weixin.qq.com/l/abc=='));
 */
export function renderQrForTerminal(url: string): Promise<string> {
  return renderQrToString(url);
}

/** qrcode (and pngjs under it), loaded only when a PNG is asked for. */
async function qrcode(): Promise<typeof import('qrcode')> {
  const mod = await import('qrcode');
  return (mod as { default?: typeof import('qrcode') }).default ?? mod;
}

/**
 * Saves `url` as a PNG QR code at `file` (parent directories are created), for headless servers:
 * copy the file to a screen and scan it with the phone.
 *
 * @example
 * await saveQrPng('https://login.weixin.qq.com/l/abc==', '/srv/bot/.wxbot/login-qr.png');
 */
export async function saveQrPng(url: string, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // The QR logs in whoever scans it: owner-only (0600), written atomically (temp + rename).
  // The temp file is made 0600 first; writing into an existing file keeps its mode.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, '', { mode: 0o600 });
  await chmod(temp, 0o600);
  await (await qrcode()).toFile(temp, url, { type: 'png', margin: 2, width: 360 });
  await rename(temp, file);
}

/** Where and how {@link showLoginQr} shows the code. */
export interface ShowLoginQrOptions {
  /** Terminal output; the QR is drawn here. */
  out: Writable;
  /** Also save a PNG here (absolute path). */
  pngFile?: string;
  /** Draw the QR in `out`. Default true (set false when `out` is a log file, not a terminal). */
  terminal?: boolean;
}

/**
 * Shows a login QR the way `wxbot start`/`wxbot login` do: the code in the terminal with a line
 * saying what to do, and a PNG copy when asked.
 *
 * @example
 * await showLoginQr(qrUrl, { out: process.stdout, pngFile: config.login.qrPngFile });
 */
export async function showLoginQr(url: string, options: ShowLoginQrOptions): Promise<void> {
  const { out } = options;
  if (options.terminal !== false) {
    out.write('Scan this QR code with WeChat on your phone (Me › Scan), then confirm on the phone:\n');
    out.write(await renderQrForTerminal(url));
    out.write('\n');
  }
  if (options.pngFile !== undefined) {
    await saveQrPng(url, options.pngFile);
    out.write(`The QR code is also saved as ${options.pngFile}\n`);
  }
}

/**
 * The login QR codes of one `wxbot` run: shows each one (terminal and PNG, in order), and removes
 * the PNG once the login is done. While its code is valid the PNG is a login credential (anyone who
 * scans it with the account's phone logs in), so it must not stay on disk.
 *
 * @example
 * const qr = new LoginQrDisplay({ out: process.stdout, pngFile: config.login.qrPngFile });
 * client.on('qr', (e) => void qr.show(e.url));
 * client.on('login', () => void qr.clear());
 */
export class LoginQrDisplay {
  #pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: ShowLoginQrOptions) {}

  /** Shows a QR code after the previous one is on screen. Rejects when it cannot be shown or saved. */
  show(url: string): Promise<void> {
    const shown = this.#pending.then(() => showLoginQr(url, this.options));
    this.#pending = shown.catch(() => undefined);
    return shown;
  }

  /**
   * Deletes the PNG (after any save still in progress). Resolves with the path deleted, or
   * undefined when there was none.
   */
  clear(): Promise<string | undefined> {
    // Queued behind any save in progress (and any other clear), so each file is reported once.
    const cleared = this.#pending.then(() => this.#remove());
    this.#pending = cleared.then(
      () => undefined,
      () => undefined,
    );
    return cleared;
  }

  async #remove(): Promise<string | undefined> {
    const file = this.options.pngFile;
    if (file === undefined) return undefined;
    const existed = await stat(file).then(
      () => true,
      () => false,
    );
    if (!existed) return undefined;
    await rm(file, { force: true });
    return file;
  }
}
