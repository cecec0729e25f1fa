#!/usr/bin/env node
import { main } from './main.js';

// SIGINT/SIGTERM abort the signal so a running bot can stop cleanly (flush, save, exit 0);
// a second signal means "now": exit 130 at once. (Windows delivers Ctrl+C as SIGINT too;
// SIGTERM there only comes from Node itself.)
const controller = new AbortController();
const stop = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(signal);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// The reader went away (`wxbot --help | head`): nothing more can be shown, so stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await main(process.argv.slice(2), process.env, { signal: controller.signal });
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
process.exitCode = code;
// The command is over: exit once the output is written, even if a socket or timer of a plugin
// would keep the event loop alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
