import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, launch, tempDir } from './helpers.js';

// `/image PATH` and `/file PATH` at the iLink sandbox prompt: the simulated user uploads the file
// encrypted (AES-128-ECB) to the simulator's CDN; the bot downloads and decrypts it. A plugin
// answers with the SHA-256 of what it got, which must be the file's own.

const FAST = { WXBOT_SANDBOX_FAST: '1' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('an image and a file typed at the iLink sandbox prompt reach the bot byte-equal', async () => {
  // Sizes that are not a multiple of the AES block, so the padding is exercised.
  const image = randomBytes(40_003);
  const file = randomBytes(1_234);
  const dir = await tempDir({
    'wxbot.config.yaml': `log: { level: warn }\noutbox: { pacing: false }\nplugins:\n  - path: ${join(FIXTURES, 'media-digest-plugin.mjs')}\n`,
  });
  await writeFile(join(dir, 'pic.png'), image);
  await writeFile(join(dir, 'report.bin'), file);
  const run = launch(['start', '--sandbox', '--transport', 'ilink'], dir, FAST);
  run.stdin.end(['/image pic.png', '/file report.bin', '/file missing.txt', ''].join('\n'));
  expect(await run.done).toBe(0);
  const out = run.out();
  expect(out).toContain('Alice sent an image: pic.png (40003 bytes)');
  expect(out).toContain('Alice sent a file: report.bin (1234 bytes)');
  expect(out).toContain(`bot → Alice: image 40003 bytes sha256 ${sha(image)}`);
  expect(out).toContain(`bot → Alice: file 1234 bytes sha256 ${sha(file)}`);
  // A bad path is said, and nothing is sent for it.
  expect(out).toMatch(/\? no file .*missing\.txt/);
  expect(out).toMatch(/sandbox: stopped; 2 message\(s\) typed, the bot received 2, sent 2, 0 refused/);
});
