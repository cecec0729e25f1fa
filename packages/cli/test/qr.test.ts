import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { LoginQrDisplay, renderQrForTerminal, saveQrPng, showLoginQr } from '../src/qr.js';
import { tempDir } from './helpers.js';

const URL_ = 'https://login.weixin.qq.com/l/4ZkEHtlVIw==';

describe('login QR', () => {
  test('renders as terminal blocks, small enough for a terminal', async () => {
    const text = await renderQrForTerminal(URL_);
    const lines = text.split('\n').filter((l) => l !== '');
    expect(text).toMatch(/[▀▄█]/);
    expect(lines.length).toBeLessThan(25);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    const widths = lines.map((l) => l.replace(ansi, '').length);
    expect(lines.length).toBeGreaterThan(10);
    expect(Math.max(...widths)).toBeLessThanOrEqual(80);
  });

  test('saves a PNG, creating the folder', async () => {
    const dir = await tempDir();
    const file = join(dir, 'qr', 'login.png');
    await saveQrPng(URL_, file);
    const png = await readFile(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test('showLoginQr says what to do and where the PNG is', async () => {
    const dir = await tempDir();
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => {
      text += c.toString();
    });
    await showLoginQr(URL_, { out, pngFile: join(dir, 'qr.png') });
    expect(text).toContain('Scan this QR code with WeChat');
    expect(text).toContain(`saved as ${join(dir, 'qr.png')}`);
  });

  test('LoginQrDisplay deletes the PNG once asked, after a save still in progress', async () => {
    const dir = await tempDir();
    const pngFile = join(dir, 'qr', 'login.png');
    const qr = new LoginQrDisplay({ out: new PassThrough(), pngFile, terminal: false });
    await qr.show(URL_);
    expect(existsSync(pngFile)).toBe(true);
    void qr.show(`${URL_}2`); // a second code, still being written
    expect(await qr.clear()).toBe(pngFile);
    expect(existsSync(pngFile)).toBe(false);
    expect(await qr.clear()).toBeUndefined();
  });
});
