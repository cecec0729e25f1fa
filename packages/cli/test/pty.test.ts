import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers.js';

// The real `wxbot` process in a real pseudo-terminal (python's pty module drives it): bin.ts runs
// from source through tools/ts-run/register.mjs (swc), so no build is needed.
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '../../..');
const DRIVER = join(here, 'support/pty-drive.py');
const REGISTER = join(here, '../../../tools/ts-run/register.mjs');
const BIN = join(here, '../src/bin.ts');
const hasPty = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

interface Step {
  expect: string;
  send?: string;
}

function drive(args: string[], steps: Step[], cwd: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'python3',
      [DRIVER, JSON.stringify(steps), '15', '--', process.execPath, '--import', REGISTER, BIN, ...args],
      { cwd, env: { ...process.env, WXBOT_SANDBOX_FAST: '1', NODE_PATH: join(ROOT, 'node_modules') } },
    );
    let screen = '';
    child.stdout.on('data', (c: Buffer) => {
      screen += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      screen += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}

// Terminal control sequences removed, so assertions read like the screen.
const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const plain = (s: string) => s.replace(ESCAPE, '').replace(/\r/g, '');

(hasPty ? describe : describe.skip)('in a pseudo-terminal', () => {
  test('wxbot chat --sandbox: list chats, read incoming, reply, send a file, while plugins run', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'hello file\n');
    const { code, screen } = await drive(
      ['chat', '--sandbox'],
      [
        { expect: 'chat> ', send: '/chats\r' },
        { expect: '#Weekend Hikers', send: '/sim alice> ping\r' },
        // The auto-reply plugin keeps running: it answers Alice, and the chat shows it.
        { expect: '\\[Alice \\(work\\)\\] me: pong', send: '/sim bob> are you there?\r' },
        { expect: '\\[Bob\\] Bob: are you there\\?  \\(1 unread\\)', send: '/open bob\r' },
        { expect: 'Bob> ', send: 'yes, typing from the terminal\r' },
        { expect: 'me: yes, typing from the terminal', send: '/send-file notes.txt\r' },
        { expect: 'me: \\[file notes.txt\\]', send: '/quit\r' },
        { expect: 'chat: stopped' },
      ],
      dir,
    );
    const text = plain(screen);
    expect(code).toBe(0);
    expect(text).toMatch(/ready: logged in as wxbot, 3 friends, 1 group, plugins: autoreply, logger/);
    expect(text).toContain('── Bob ──');
    expect(text).toContain('Bob: are you there?');
  }, 30_000);

  test('wxbot start --sandbox: the prompt, /as, an @mention in the group, Ctrl+C stops cleanly', async () => {
    const dir = await tempDir();
    const { code, screen } = await drive(
      ['start', '--sandbox'],
      [
        { expect: 'Alice> ', send: 'ping\r' },
        { expect: 'bot → Alice: pong', send: '/as bob@Weekend Hikers\r' },
        { expect: 'Bob@Weekend Hikers> ', send: '@bot hello\r' },
        { expect: 'bot → Weekend Hikers: @Bob Hi Bob!', send: '\u0003' },
        { expect: 'sandbox: stopped' },
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(plain(screen)).toContain('the bot received 2, sent 2, 0 failed');
  }, 30_000);
});
