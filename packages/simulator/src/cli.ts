import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isMainHost } from './hosts.js';
import { runIlinkCli, takeProtocol } from './ilink/cli.js';
import type { AccountOptions, SimulatorCast } from './options.js';
import { createSimulator, type Simulator } from './simulator.js';

/** Usage text of `wxbot-sim`. */
export const USAGE = `Usage: wxbot-sim [options]

Runs the Web WeChat simulator on 127.0.0.1 (--protocol ilink: the iLink simulator, see
wxbot-sim --protocol ilink --help).

Options:
  --port N            port to listen on (default: random)
  --cast FILE.json    contacts to start with: {"friends":[…],"strangers":[…],"officials":[…],
                      "groups":[{"topic":…,"members":[wxid…]}],"account":{…}}
  --auto-confirm      scan and confirm every login automatically
  --main-host HOST    account main host (default wx2.qq.com)
  --hold-ms N         long-poll hold for login and synccheck (default 25000)
  -h, --help          show this help

Control API: http://127.0.0.1:PORT/__sim/status (see the package README).`;

/** Where the CLI writes. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborting stops the simulator and resolves `runCli`. */
  signal?: AbortSignal;
}

/**
 * Runs `wxbot-sim` until `io.signal` aborts (or SIGINT/SIGTERM in the real bin). Returns the exit code.
 *
 * @example
 * const ac = new AbortController();
 * const code = runCli(['--port', '0'], { out: console.log, err: console.error, signal: ac.signal });
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [protocol, rest] = takeProtocol(argv);
  if (protocol === 'ilink') return runIlinkCli(rest, io);
  if (protocol !== undefined && protocol !== 'web') {
    io.err(`wxbot-sim: --protocol must be web or ilink (got ${protocol})`);
    return 2;
  }
  argv = rest;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        cast: { type: 'string' },
        'auto-confirm': { type: 'boolean' },
        'main-host': { type: 'string' },
        'hold-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.err(`wxbot-sim: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`wxbot-sim: --port must be an integer between 0 and 65535 (got ${String(values.port)})`);
    return 2;
  }
  const mainHost = values['main-host'];
  if (typeof mainHost === 'string' && !isMainHost(mainHost)) {
    io.err(
      `wxbot-sim: --main-host must be one of wx.qq.com, wx2.qq.com, wx8.qq.com, web.wechat.com, web2.wechat.com`,
    );
    return 2;
  }
  const hold = values['hold-ms'] === undefined ? undefined : Number(values['hold-ms']);
  if (hold !== undefined && (!Number.isFinite(hold) || hold < 0)) {
    io.err('wxbot-sim: --hold-ms must be a non-negative number');
    return 2;
  }
  let cast: SimulatorCast & { account?: AccountOptions } = {};
  if (typeof values.cast === 'string') {
    try {
      cast = JSON.parse(await readFile(values.cast, 'utf8')) as typeof cast;
    } catch (e) {
      io.err(
        `wxbot-sim: cannot read cast file ${values.cast}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return 2;
    }
  }
  const { account, ...people } = cast;
  let sim: Simulator;
  try {
    sim = await createSimulator({
      port,
      cast: people,
      account: { ...account, ...(typeof mainHost === 'string' && isMainHost(mainHost) ? { mainHost } : {}) },
      ...(values['auto-confirm'] ? { autoConfirm: true } : {}),
      ...(hold !== undefined ? { loginHoldMs: hold, syncHoldMs: hold } : {}),
    });
  } catch (e) {
    io.err(`wxbot-sim: cannot listen: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  sim.onEvent((e) => io.out(`[${new Date().toISOString()}] ${e.type}: ${e.message}`));
  io.out(`listening on ${sim.url}`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  return 0;
}
