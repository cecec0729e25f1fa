import { readFileSync } from 'node:fs';
import { ExitCode } from '../src/exit-codes.js';
import { run, tempDir } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('wxbot command line', () => {
  test('--help lists the commands, examples and exit codes', async () => {
    const r = await run(['--help'], await tempDir());
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'init', 'login', 'logout', 'status', 'chat', 'explain']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    }
    expect(r.stdout).toContain('wxbot start --sandbox');
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toMatch(/^ {4}3 {2}config error/m);
    expect(r.stdout).toMatch(/^ {2}130 {2}interrupted/m);
    expect(r.stderr).toBe('');
  });

  test.each(['start', 'init', 'login', 'logout', 'status', 'chat', 'explain'])(
    '%s --help shows usage and examples',
    async (cmd) => {
      const r = await run([cmd, '--help'], await tempDir());
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: wxbot ${cmd}`);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`wxbot ${cmd}`);
    },
  );

  test('start --transport with an unknown name is a usage error naming the transports', async () => {
    const r = await run(['start', '--sandbox', '--transport', 'smoke-signals'], await tempDir());
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr).toContain('unknown transport "smoke-signals" (--transport): expected one of web');
  });

  test('--version prints the package version', async () => {
    const r = await run(['--version'], await tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  test('an unknown command is a usage error with a suggestion', async () => {
    const r = await run(['strat'], await tempDir());
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr).toContain("unknown command 'strat'");
    expect(r.stderr).toContain('Did you mean start?');
  });

  test('an unknown option and a missing argument are usage errors', async () => {
    const dir = await tempDir();
    const bad = await run(['start', '--sandbx'], dir);
    expect(bad.code).toBe(ExitCode.Usage);
    expect(bad.stderr).toContain("unknown option '--sandbx'");
    const missing = await run(['explain'], dir);
    expect(missing.code).toBe(ExitCode.Usage);
    expect(missing.stderr).toContain("missing required argument 'text'");
  });

  test('no command prints the help on stderr and exits 2', async () => {
    const r = await run([], await tempDir());
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr).toContain('Usage: wxbot');
    expect(r.stdout).toBe('');
  });

  test('status reports the config and that no session is saved', async () => {
    const dir = await tempDir({ 'wxbot.config.yaml': 'login:\n  mode: web\nplugins: [some-plugin]\n' });
    const text = await run(['status'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('config:   wxbot.config.yaml');
    expect(text.stdout).toContain('not saved');
    const json = await run(['status', '--json'], dir);
    expect(JSON.parse(json.stdout)).toEqual({
      config: `${dir}/wxbot.config.yaml`,
      transport: 'web',
      loginMode: 'web',
      sessionFile: `${dir}/.wxbot/session.json`,
      sessionSaved: false,
      sessionSavedAt: null,
      sessionState: 'missing',
      sessionProblem: null,
      account: null,
      host: null,
      lastSyncAt: null,
      unhandledMessages: null,
      pendingReplies: 0,
      sessionFileMode: null,
      plugins: ['some-plugin'],
      lastEnd: null,
      pluginStates: null,
      runningPid: null,
      problems: [],
      replyWindows: null,
    });
  });
});
