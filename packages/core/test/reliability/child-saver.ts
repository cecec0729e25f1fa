// Writes the session file over and over (alternating two large versions) until killed with SIGKILL
// by secrets.test.ts, to show a kill during a save leaves the old or the new file, never half.

import type { SessionData } from '../../src/adapters/web/session/session-data.js';
import { saveSession } from '../../src/adapters/web/session/session-file.js';

const file = process.env.SESSION_FILE ?? '';
const version = (n: number): SessionData => ({
  version: 1,
  savedAt: n,
  mode: 'desktop',
  hosts: {
    main: 'wx2.qq.com',
    login: 'login.wx2.qq.com',
    push: 'webpush.wx2.qq.com',
    file: 'file.wx2.qq.com',
  } as SessionData['hosts'],
  uin: 1,
  cookies: { version: '', storeType: null, rejectPublicSuffixes: true, cookies: [] },
  contacts: { filler: String(n % 10).repeat(4_000_000) },
});
let n = 0;
process.stdout.write('SAVING\n');
for (;;) await saveSession(file, version(n++));
