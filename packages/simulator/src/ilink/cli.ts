import { parseArgs } from 'node:util';
import type { CliIO } from '../cli.js';
import type { IlinkSimulatorOptions } from './options.js';
import { createIlinkSimulator, type IlinkSimulator } from './simulator.js';

/** Usage text of `wxbot-sim --protocol ilink`. */
export const ILINK_USAGE = `Usage: wxbot-sim --protocol ilink [options]

Runs the iLink (WeChat ClawBot bot API + media CDN) simulator on 127.0.0.1.

Options:
  --port N                 port to listen on (default: random)
  --public-urls real|local URLs written into answers (default real: https://ilinkai.weixin.qq.com…;
                           local: http://127.0.0.1:PORT, for clients changed only in their base URL)
  --auto-confirm           scan and confirm every new QR as the user "owner"
  --auto-user NAME         the user who auto-confirms (implies --auto-confirm)
  --hold-ms N              getupdates and QR-status hold (default 30000)
  --reply-window-ms N      reply window after the user's last message (default 86400000)
  --quota N                bot messages per user turn (default 10)
  --silent-drop            refused sends answer {"ret":0} and deliver nothing (default {"ret":-2})
  -h, --help               show this help

Control API: http://127.0.0.1:PORT/__sim/status (see the package README).`;

function num(v: string | boolean | undefined, name: string): number | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got ${v})`);
  return n;
}

function toOptions(values: Record<string, string | boolean | undefined>): IlinkSimulatorOptions {
  const port = num(values.port, 'port') ?? 0;
  if (!Number.isInteger(port) || port > 65535)
    throw new Error(`--port must be an integer between 0 and 65535`);
  const pub = values['public-urls'];
  if (pub !== undefined && pub !== 'real' && pub !== 'local')
    throw new Error('--public-urls must be real or local');
  const hold = num(values['hold-ms'], 'hold-ms');
  const windowMs = num(values['reply-window-ms'], 'reply-window-ms');
  const quota = num(values.quota, 'quota');
  const autoUser = values['auto-user'];
  return {
    port,
    ...(pub ? { publicUrls: pub } : {}),
    ...(hold !== undefined ? { updatesHoldMs: hold, qrHoldMs: hold } : {}),
    ...(windowMs !== undefined ? { replyWindowMs: windowMs } : {}),
    ...(quota !== undefined ? { quotaPerTurn: quota } : {}),
    ...(values['silent-drop'] ? { refusal: 'silent-drop' as const } : {}),
    ...(typeof autoUser === 'string'
      ? { autoConfirm: { user: autoUser } }
      : values['auto-confirm']
        ? { autoConfirm: true }
        : {}),
  };
}

/**
 * Runs `wxbot-sim --protocol ilink` until `io.signal` aborts. Returns the exit code.
 *
 * @example
 * const ac = new AbortController();
 * runIlinkCli(['--port', '0', '--public-urls', 'local'], { out: console.log, err: console.error, signal: ac.signal });
 */
export async function runIlinkCli(argv: string[], io: CliIO): Promise<number> {
  let opts: IlinkSimulatorOptions;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'public-urls': { type: 'string' },
        'auto-confirm': { type: 'boolean' },
        'auto-user': { type: 'string' },
        'hold-ms': { type: 'string' },
        'reply-window-ms': { type: 'string' },
        quota: { type: 'string' },
        'silent-drop': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(ILINK_USAGE);
      return 0;
    }
    opts = toOptions(values);
  } catch (e) {
    io.err(`wxbot-sim: ${e instanceof Error ? e.message : String(e)}\n\n${ILINK_USAGE}`);
    return 2;
  }
  let sim: IlinkSimulator;
  try {
    sim = await createIlinkSimulator(opts);
  } catch (e) {
    io.err(`wxbot-sim: cannot listen: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  sim.onEvent((e) => io.out(`[${new Date().toISOString()}] ${e.type}: ${e.message}`));
  io.out(`listening on ${sim.url} (iLink)`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  return 0;
}

/** Splits `--protocol X` / `--protocol=X` out of argv: `[protocol, rest]`. */
export function takeProtocol(argv: string[]): [string | undefined, string[]] {
  const rest: string[] = [];
  let protocol: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--protocol') protocol = argv[++i] ?? '';
    else if (a.startsWith('--protocol=')) protocol = a.slice('--protocol='.length);
    else rest.push(a);
  }
  return [protocol, rest];
}
