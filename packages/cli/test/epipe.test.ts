import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers.js';

// `wxbot … | head -1`: the reader goes away while wxbot still writes. The real process (bin.ts
// from source through tools/ts-run) must end quietly, not with an EPIPE stack.
const here = dirname(fileURLToPath(import.meta.url));
const REGISTER = join(here, '../../../tools/ts-run/register.mjs');
const BIN = join(here, '../src/bin.ts');
const hasBash = spawnSync('bash', ['-c', 'command -v head'], { stdio: 'ignore' }).status === 0;

(hasBash ? test : test.skip)(
  'piped into head: no EPIPE crash, exit code 0',
  async () => {
    const dir = await tempDir();
    const script = `"${process.execPath}" --import "${REGISTER}" "${BIN}" start --sandbox < /dev/null | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], {
        cwd: dir,
        env: { ...process.env, WXBOT_SANDBOX_FAST: '1' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
      });
      child.on('error', reject);
      child.on('close', () => resolve({ stdout: out, stderr: err }));
    });
    expect(stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toContain('exit=0');
  },
  30_000,
);
