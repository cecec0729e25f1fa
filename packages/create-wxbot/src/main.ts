import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import { ScaffoldError, scaffold, TARBALLS_ENV } from './scaffold.js';

const HELP = `Usage: npm create wxbot@latest [DIR]   (or: npx create-wxbot [DIR])

Creates DIR (default: my-bot) with a WeChat bot project: wxbot.config.yaml, a plugin in
src/time-plugin.ts, its transcript test, and the scripts:
  npm run sandbox   try the bot on a simulated WeChat (no phone, no network)
  npm test          run the test against the same simulator
  npm start         run it for real (scan the QR code with WeChat)

${TARBALLS_ENV}=DIR   depend on packed @wxbot/* tarballs in DIR instead of the npm registry
`;

/**
 * The `create-wxbot` command: `main(argv, env, io)` resolves to the exit code (0 ok, 1 failed,
 * 2 usage).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), process.env, { cwd: process.cwd() });
 */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { cwd: string; stdout?: Writable; stderr?: Writable },
): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(HELP);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  const dirs = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || dirs.length > 1) {
    err.write(`create-wxbot: unexpected ${[...unknown, ...dirs.slice(1)].join(' ')}\n\n${HELP}`);
    return 2;
  }
  try {
    const made = await scaffold({ dir: dirs[0] ?? 'my-bot', cwd: io.cwd, tarballs: env[TARBALLS_ENV] });
    const shown = relative(io.cwd, made.dir) || '.';
    out.write(
      [
        `Created ${made.name} in ${shown}${made.fromTarballs ? ` (with the @wxbot/* tarballs of ${env[TARBALLS_ENV]})` : ''}:`,
        ...made.files.map((f) => `  ${f}`),
        '',
        'Next:',
        `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`,
        '  npm install',
        '  npm run sandbox   # talk to your bot as a simulated friend; /time, ping, /help',
        '  npm test',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof ScaffoldError) {
      err.write(`create-wxbot: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
