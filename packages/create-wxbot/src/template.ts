/** What the scaffold depends on: a version range from the registry, or local tarballs. */
export interface WxbotDependencies {
  /** Spec of each `@wxbot/*` package the project names (`^0.1.0`, or `file:/…/wxbot-cli-0.1.0.tgz`). */
  readonly specs: Readonly<Record<string, string>>;
  /** npm `overrides` so every `@wxbot/*` package, also the indirect ones, comes from the same place. */
  readonly overrides: Readonly<Record<string, string>>;
}

/** One file of the new project: its path (posix, relative) and contents. */
export interface TemplateFile {
  readonly path: string;
  readonly contents: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of a new bot project: a config, one plugin, one transcript test, and the scripts
 * `start`, `sandbox`, `test` and `typecheck`.
 *
 * @example
 * for (const f of templateFiles('my-bot', deps)) await writeFile(join(dir, f.path), f.contents);
 */
export function templateFiles(name: string, deps: WxbotDependencies): TemplateFile[] {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: 'A WeChat bot built with wxbot',
    scripts: {
      start: 'wxbot start',
      sandbox: 'wxbot start --sandbox',
      test: 'node --import jiti/register --test test/time-plugin.test.ts',
      typecheck: 'tsc --noEmit',
    },
    engines: { node: '>=20' },
    dependencies: {
      '@wxbot/cli': deps.specs['@wxbot/cli'],
      '@wxbot/core': deps.specs['@wxbot/core'],
    },
    devDependencies: {
      '@wxbot/testing': deps.specs['@wxbot/testing'],
      '@types/node': '^20.19.0',
      jiti: '^2.7.0',
      typescript: '~5.9.3',
    },
    ...(Object.keys(deps.overrides).length > 0 ? { overrides: deps.overrides } : {}),
  };
  return [
    { path: 'package.json', contents: json(pkg) },
    { path: 'wxbot.config.yaml', contents: CONFIG },
    { path: 'src/time-plugin.ts', contents: PLUGIN },
    { path: 'test/time-plugin.test.ts', contents: TEST },
    { path: 'tsconfig.json', contents: json(TSCONFIG) },
    { path: '.gitignore', contents: 'node_modules/\n.wxbot/\n' },
    { path: 'README.md', contents: readme(name) },
  ];
}

const CONFIG = `# wxbot config: \`npm run sandbox\` tries it on a simulated WeChat, \`npm start\` runs it for real.
# Every key: https://www.npmjs.com/package/@wxbot/cli
login:
  # desktop (the UOS variant) still logs in; plain web is refused (ret 1203) for most accounts.
  mode: desktop

plugins:
  # Your own plugin (TypeScript runs as is).
  - path: ./src/time-plugin.ts
    options:
      timeZone: Asia/Shanghai
  # Rule-based replies, no code.
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - match: ping
          scope: private
          reply: pong
  # One log line per message, and a chat archive (the sandbox writes to .wxbot/archive-sandbox).
  - name: "@wxbot/plugin-logger"
    options:
      archive: .wxbot/archive

log:
  # warn keeps the terminal quiet; info logs every message.
  level: warn
`;

const PLUGIN = `import { definePlugin } from '@wxbot/core';

/** Options of the time plugin (checked when the bot starts). */
export interface TimeOptions {
  /** An IANA time zone, e.g. Asia/Shanghai. Default: the machine's. */
  timeZone?: string;
}

/**
 * Answers \`/time\` with the current time. \`now\` is there for tests.
 */
export function createTimePlugin(now: () => Date = () => new Date()) {
  return definePlugin<TimeOptions>({
    name: 'time',
    setup(bot, options) {
      const format = new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        ...(options?.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
      });
      bot.command('time', (ctx) => ctx.reply(\`It is \${format.format(now())}.\`));
    },
  });
}

export default createTimePlugin();
`;

const TEST = `import { test } from 'node:test';
import { createTestBot } from '@wxbot/testing';
import { createTimePlugin } from '../src/time-plugin.ts';

// The real bot and client, against a simulated WeChat in this process: no phone, no network.
test('/time answers with the time', async () => {
  const noon = () => new Date('2026-01-01T12:00:00Z');
  const kit = await createTestBot({
    plugins: [[createTimePlugin(noon), { timeZone: 'UTC' }]],
    cast: { friends: ['alice'] },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('/time');
    await alice.expectsReply('It is 12:00.');
    alice.says('hello');
    await alice.expectNoReply();
  } finally {
    await kit.stop();
  }
});
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src', 'test'],
};

const readme = (name: string) => `# ${name}

A WeChat bot built with [wxbot](https://www.npmjs.com/package/@wxbot/cli).

\`\`\`sh
npm install
npm run sandbox   # the bot on a simulated WeChat: type as a friend, /help lists the commands
npm test          # the plugin's transcript test, against the same simulator
npm start         # the real thing: scan the QR code with WeChat on your phone
\`\`\`

- \`wxbot.config.yaml\`: which plugins run, with which options.
- \`src/time-plugin.ts\`: a plugin; \`/time\` answers with the time.
- \`test/time-plugin.test.ts\`: a transcript test (\`alice.says('/time')\`, \`expectsReply(…)\`).

Logging in with Web WeChat puts the account at some risk: use an account you can afford to lose,
and read the wxbot README's "Which transport" section first.
`;
