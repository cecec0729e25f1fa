import { spawn, spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
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

/** One step of the driver: wait for `expect` (a regex), type `send`, send `signal`, read on for `pause` s. */
interface Step {
  expect?: string;
  send?: string;
  signal?: 'CONT';
  pause?: number;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_Z = '\u001a';

// Exit code 98 from the driver: the command did not exit after the last step (it hung).
function drive(
  args: string[],
  steps: Step[],
  cwd: string,
  env: NodeJS.ProcessEnv = { WXBOT_SANDBOX_FAST: '1' },
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'python3',
      [DRIVER, JSON.stringify(steps), '15', '--', process.execPath, '--import', REGISTER, BIN, ...args],
      { cwd, env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') } },
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
        { expect: '\\[Alice\\] me: pong', send: '/sim bob> are you there?\r' },
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
        { expect: 'bot → Weekend Hikers: @Bob Hi Bob!', send: CTRL_C },
        { expect: 'sandbox: stopped' },
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(plain(screen)).toContain('the bot received 2, sent 2, 0 failed');
  }, 30_000);

  test('the sandbox prompt: comes back after a line with no reply; /commands reach plugins; owners by the shown name; media and joins; /quit exits with replies queued', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': OWNER_CONFIG, 'pic.png': 'not really a png' });
    const { code, screen } = await drive(
      ['start', '--sandbox'],
      [
        { expect: 'Alice> ', send: 'nobody answers this\r' },
        // The prompt is drawn again although nothing was printed.
        { expect: 'nobody answers this[\\s\\S]*Alice> ', send: '/autoreply pause\r' },
        // A plugin's /command is not taken by the sandbox, and `owners: [Alice]` matches the prompt's Alice.
        { expect: 'bot → Alice: Auto-reply paused in this chat', send: '/autoreply resume\r' },
        { expect: 'bot → Alice: Auto-reply resumed', send: '/time\r' },
        { expect: 'bot → Alice: it is noon', send: '/image pic.png\r' },
        { expect: 'Alice sent an image: pic.png', send: '/join Dave@Weekend Hikers\r' },
        { expect: 'Dave joined Weekend Hikers', send: '/who\r' },
        { expect: 'group Weekend Hikers: Alice, Bob, Carol, Dave', send: 'ping\rping\rping\r/quit\r' },
        { expect: 'sandbox: stopped' },
      ],
      dir,
    );
    const text = plain(screen);
    expect(code).toBe(0);
    expect(text).toMatch(/8 message\(s\) typed, the bot received 8, sent 6, 0 failed$/m);
    expect(text).not.toContain('unknown command');
    // The sandbox keeps its own chat archive; the real one is never created.
    expect(text).toContain('sandbox: chat archive in .wxbot/archive-sandbox');
    expect(await readdir(join(dir, '.wxbot'))).toEqual(['archive-sandbox']);
  }, 30_000);

  test('Ctrl+Z and fg: the sandbox prompt still reads lines and Ctrl+D still stops it', async () => {
    const dir = await tempDir();
    const { code, screen } = await drive(
      ['start', '--sandbox'],
      [
        { expect: 'Alice> ', send: CTRL_Z, pause: 0.3, signal: 'CONT' },
        { pause: 0.2, send: 'ping\r' },
        { expect: 'bot → Alice: pong', send: CTRL_D },
        { expect: 'sandbox: stopped' },
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(plain(screen)).toContain('the bot received 1, sent 1, 0 failed');
  }, 30_000);

  test('Ctrl+Z and fg in wxbot chat: /quit still stops it', async () => {
    const dir = await tempDir();
    const { code } = await drive(
      ['chat', '--sandbox'],
      [
        { expect: 'chat> ', send: CTRL_Z, pause: 0.3, signal: 'CONT' },
        { pause: 0.2, send: '/quit\r' },
        { expect: 'chat: stopped' },
      ],
      dir,
    );
    expect(code).toBe(0);
  }, 30_000);

  test('Ctrl+C with paced replies still queued: says what it waits for; Ctrl+C again stops now and reports the unsent', async () => {
    const dir = await tempDir();
    // Real pacing (no fast mode): one reply per 2–3 s per chat, so the replies are still queued.
    const { code, screen } = await drive(
      ['start', '--sandbox'],
      [
        { expect: 'Alice> ', send: 'ping\r' },
        { expect: 'bot → Alice: pong', send: 'ping\rping\rping\rping\r', pause: 0.3 },
        { send: CTRL_C },
        { expect: 'sandbox: stopping; waiting for the bot to (answer|send)', send: CTRL_C },
        { expect: 'sandbox: stopped' },
      ],
      dir,
      {},
    );
    expect(code).toBe(0);
    expect(plain(screen)).toMatch(/sandbox: stopped; 5 message\(s\) typed, .*, [1-4] not sent/);
  }, 30_000);
});

const OWNER_CONFIG = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      owners: [Alice]
      rules:
        - match: { equals: /time }
          reply: it is noon
        - match: { equals: ping }
          scope: private
          reply: pong
  - name: "@wxbot/plugin-logger"
    options: { archive: .wxbot/archive }
log: { level: warn }
`;
