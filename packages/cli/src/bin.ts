#!/usr/bin/env node
import { main } from './main.js';

// SIGINT/SIGTERM abort the signal so a running bot can stop cleanly (flush, save, exit 0);
// a second signal means "now": exit 130 at once.
const controller = new AbortController();
const stop = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(signal);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.exitCode = await main(process.argv.slice(2), process.env, { signal: controller.signal });
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
