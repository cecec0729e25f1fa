/**
 * Transport floor (issue 10 §8): client CPU per 1,000 requests of axios + tough-cookie jar with
 * keep-alive (through http-cookie-agent) against a bare `node:http` keep-alive client, on the same
 * simulator endpoint (`jslogin` on the login host: sessionless, tiny answer). Each variant runs in
 * its own process; only that process's CPU counts.
 *
 *   node bench/scenarios/transport.mjs [--requests 3000] [--concurrency 4] [--json]
 *
 * The "wxbot" column is `axios-cookie-agent` (the stack wxbot's transport uses), the baseline is
 * `bare-http`. `axios-cookiejar-wrapper` (a new agent, hence a new connection, per request) is
 * reported too. `*Sockets` = new connections opened during the measured requests (0 = all reused).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { round } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { closeSim, startSim } from '../lib/sim-glue.mjs';

const run = promisify(execFile);
const CLIENT = fileURLToPath(new URL('../lib/transport-client.mjs', import.meta.url));

await runScenarioMain('transport', async (args) => {
  const requests = numArg(args, 'requests', 3000);
  const concurrency = numArg(args, 'concurrency', 4);
  const sim = await startSim();
  try {
    const url = `${sim.url}/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN&redirect_uri=https%3A%2F%2Fwx.qq.com%2Fcgi-bin%2Fmmwebwx-bin%2Fwebwxnewloginpage%3Fmod%3Ddesktop`;
    /** @type {Record<string, { cpuSeconds: number, ok: number, wallMs: number, sockets: number }>} */
    const out = {};
    for (const variant of ['bare-http', 'wxbot', 'axios-cookie-agent', 'axios-cookiejar-wrapper']) {
      const { stdout } = await run(process.execPath, [
        CLIENT,
        '--variant',
        variant,
        '--url',
        url,
        '--host',
        'login.wx.qq.com',
        '--requests',
        String(requests),
        '--concurrency',
        String(concurrency),
      ]);
      out[variant] = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    }
    const per1000 = (v) => round((out[v].cpuSeconds * 1000 * 1000) / requests, 1); // CPU ms per 1,000 requests
    const bad = Object.entries(out).filter(([, r]) => r.ok !== requests);
    return {
      client: 'transport',
      metrics: {
        bareCpuMsPer1000: per1000('bare-http'),
        wxbotCpuMsPer1000: per1000('wxbot'),
        axiosKeepAliveCpuMsPer1000: per1000('axios-cookie-agent'),
        axiosWrapperCpuMsPer1000: per1000('axios-cookiejar-wrapper'),
        bareSockets: out['bare-http'].sockets,
        wxbotSockets: out.wxbot.sockets,
        axiosKeepAliveSockets: out['axios-cookie-agent'].sockets,
        axiosWrapperSockets: out['axios-cookiejar-wrapper'].sockets,
      },
      notes: bad.map(([v, r]) => `${v}: only ${r.ok}/${requests} answered 200`),
    };
  } finally {
    await closeSim(sim);
  }
});
