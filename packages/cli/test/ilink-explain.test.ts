import { ExitCode } from '../src/exit-codes.js';
import { run, tempDir } from './helpers.js';

// `wxbot explain` on iLink: the message is explained as the direct message it would be, and the
// rules that can never fire there (group-only) are named.

const RULES = `
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        - { match: { equals: ping }, reply: pong }
        - { name: hello, match: hello, scope: group, reply: "hi {sender}" }
        - { name: club, match: schedule, groups: ["Book Club"], reply: "Thursdays" }
`;

test('explain on iLink: group-only rules are reported inert; --group is ignored with a note', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': `transport: ilink\n${RULES}` });
  const ping = await run(['explain', 'ping'], dir);
  expect(ping.code).toBe(ExitCode.Ok);
  expect(ping.stdout).toContain('decision: reply from rules[0]');
  expect(ping.stdout).toContain('transport: iLink (direct messages only; no groups, no @mentions)');
  expect(ping.stdout).toContain('⊘ rules[1] (name "hello"): inert on iLink (scope: group)');
  expect(ping.stdout).toContain('⊘ rules[2] (name "club"): inert on iLink (a groups list)');

  // On Web the same message in a group would fire "hello"; on iLink it is a direct message.
  const group = await run(['explain', '@bot hello', '--group', 'Hikers', '--from', 'Bob'], dir);
  expect(group.code).toBe(ExitCode.Ok);
  expect(group.stdout).toContain('in private chat');
  expect(group.stdout).toContain('decision: no reply');
  expect(group.stdout).toContain('--group ignored: no message comes from a group on iLink');
});

test('--transport ilink on a Web config explains for iLink; on Web nothing is said about iLink', async () => {
  const dir = await tempDir({ 'wxbot.config.yaml': RULES });
  const web = await run(['explain', '@bot hello', '--group', 'Hikers', '--from', 'Bob'], dir);
  expect(web.stdout).toContain('"hi Bob"');
  expect(web.stdout).not.toContain('iLink');
  const ilink = await run(['explain', 'hello', '--transport', 'ilink'], dir);
  expect(ilink.stdout).toContain('inert on iLink');
  const bad = await run(['explain', 'hello', '--transport', 'telegram'], dir);
  expect(bad.code).toBe(ExitCode.Usage);
  expect(bad.stderr).toContain('expected one of web, ilink');
});
