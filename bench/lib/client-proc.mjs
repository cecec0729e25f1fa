/**
 * Parent side of the client IPC protocol (see client-main.mjs): forks a client process and gives
 * promise helpers to wait for its messages.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnCliClient } from './cli-proc.mjs';

const MAIN = fileURLToPath(new URL('./client-main.mjs', import.meta.url));

/**
 * Forks `client-main.mjs <client>`.
 *
 * @param {string} client `wechat4u` or `wxbot`
 * @param {{ execArgv?: string[], quiet?: boolean, sim?: any }} [options]
 */
export function spawnClient(client, options = {}) {
  // What users run: `wxbot start -c <config>` in its own process (see cli-proc.mjs).
  if (client === 'wxbot-cli') {
    if (!options.sim) throw new Error('wxbot-cli needs the scenario simulator');
    return spawnCliClient({ sim: options.sim });
  }
  const child = fork(MAIN, [client], {
    execArgv: options.execArgv ?? [],
    stdio: options.quiet === false ? 'inherit' : ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  /** @type {any[]} */
  const inbox = [];
  /** @type {{ type: string, resolve: (m: any) => void, reject: (e: Error) => void }[]} */
  const waiters = [];
  /** @type {string[]} */
  const errors = [];
  let exited = false;
  /** @type {string | undefined} */
  let fatal;
  child.on('message', (msg) => {
    if (msg.type === 'error') errors.push(msg.message);
    if (msg.type === 'error' && msg.fatal) {
      // The client could not start: fail every wait now instead of at its timeout.
      fatal = msg.message;
      for (const w of waiters.splice(0)) w.reject(new Error(`${client}: ${fatal}`));
      return;
    }
    const i = waiters.findIndex((w) => w.type === msg.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(msg);
    else inbox.push(msg);
  });
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );

  /**
   * Resolves with the next message of `type` (already received ones first).
   * @param {string} type
   * @param {number} [timeoutMs]
   */
  function next(type, timeoutMs = 60_000) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    if (fatal !== undefined) return Promise.reject(new Error(`${client}: ${fatal}`));
    return new Promise((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        const detail = errors.length > 0 ? `; client errors: ${errors.slice(-3).join(' | ')}` : '';
        reject(new Error(`${client}: no '${type}' within ${timeoutMs} ms${detail}`));
      }, timeoutMs);
      waiters.push(waiter);
      exitPromise.then(() => {
        if (waiters.includes(waiter)) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`${client} exited before '${type}'${errors.length ? `: ${errors.at(-1)}` : ''}`));
        }
      });
    });
  }

  return {
    child,
    errors,
    next,
    /** @param {object} msg */
    send: (msg) => child.send(msg),
    /** Sends `{type}` and waits for the answer of type `answer`. */
    ask: (type, answer, timeoutMs) => {
      child.send({ type });
      return next(answer, timeoutMs);
    },
    /** Asks the client to stop; kills it if it does not exit within `graceMs`. */
    async stop(graceMs = 3000) {
      if (exited) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
