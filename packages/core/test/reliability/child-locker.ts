// A child process that holds the lock of a session file until it is killed.
import { lockSession } from '@wxbot/core';

const file = process.env.WXBOT_LOCK_FILE ?? '';
await lockSession(file);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
