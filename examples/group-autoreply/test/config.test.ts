import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '@wxbot/cli';

const CONFIG = join(dirname(fileURLToPath(import.meta.url)), '../wxbot.config.yaml');

/** Runs `wxbot start --sandbox -c wxbot.config.yaml` with this conversation on stdin. */
async function converse(lines: string[]): Promise<{ code: number; out: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stdin.end(`${lines.join('\n')}\n`);
  const code = await main(
    ['start', '--sandbox', '-c', CONFIG],
    { WXBOT_SANDBOX_FAST: '1' },
    { stdin, stdout, stderr },
  );
  return { code, out };
}

describe('group auto-reply example (config only)', () => {
  test('the config runs in the sandbox and answers in the group as configured', async () => {
    const { code, out } = await converse([
      'bob@Book Club> @bot when do we meet?',
      'carol@Book Club> when do we meet?', // no @mention: no answer
      'carol@Book Club> @bot book Dune',
      'alice@Book Club> 早上好',
      'bob@Book Club> 早上好', // cooldown: answered once a minute
      'alice> hi',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ready: logged in as Librarian, 1 friend, 1 group, plugins: autoreply, logger$/m);
    // Chats are paced independently, so only the order within a chat is fixed.
    const replies = out.split('\n').filter((l) => l.startsWith('bot → '));
    expect(replies.filter((l) => l.startsWith('bot → Book Club'))).toEqual([
      'bot → Book Club: @Bob We meet every Thursday at 19:30, Bob.',
      'bot → Book Club: Added "Dune" to the list, thanks Carol!',
      'bot → Book Club: 早! ☀️',
    ]);
    expect(replies.filter((l) => !l.startsWith('bot → Book Club'))).toEqual([
      'bot → Alice: I only answer in the Book Club group; @-mention me there.',
    ]);
  });
});
