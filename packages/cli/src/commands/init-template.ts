/** The answers `wxbot init` asks for (or takes as defaults with `--yes`). */
export interface InitAnswers {
  /** The bot's own nickname in the sandbox. */
  botName: string;
  /** The group the bot auto-replies in (when @-mentioned). */
  group: string;
  /** Keep a JSONL chat archive (plugin-logger). */
  archive: boolean;
}

/** The answers `--yes` uses. */
export const DEFAULT_INIT_ANSWERS: InitAnswers = { botName: 'wxbot', group: 'Weekend Hikers', archive: true };

// JSON strings are valid YAML double-quoted scalars, so any answer is safe to embed.
const q = (s: string) => JSON.stringify(s);

/**
 * The commented starter `wxbot.config.yaml` that `wxbot init` writes.
 *
 * @example
 * await writeFile('wxbot.config.yaml', renderStarterConfig(DEFAULT_INIT_ANSWERS));
 */
export function renderStarterConfig(answers: InitAnswers): string {
  const { botName, group, archive } = answers;
  return `# wxbot config, written by \`wxbot init\`. Every section is optional; run \`wxbot --help\` for more.
# Relative paths in this file are relative to this file's folder.

login:
  # desktop: the UOS desktop login, which most accounts still accept.
  # web: classic wx.qq.com login; many accounts are refused there (ret=1203).
  mode: desktop
  # The saved session, so a restart needs no new QR scan.
  sessionFile: .wxbot/session.json
  # When WeChat ends the session: resume, or ask the phone to confirm (push login) after a
  # cool-down. Never a new QR scan by itself, and nothing at all after a kick right after a
  # fresh login (risk control): then wxbot stops and says why.
  autoRelogin: true
  # On a server without a screen, also save the login QR as an image (deleted once logged in):
  # qrPngFile: .wxbot/login-qr.png

# Plugins run in this order. An entry is a package name, a path (./my-plugin.ts),
# or { name | path, options, enabled }.
plugins:
  - name: "@wxbot/plugin-autoreply"
    options:
      rules:
        # Private chats: answer "ping" with "pong".
        - match: ping
          scope: private
          reply: pong
        # In the group, answer only when someone @-mentions the bot.
        - match: hello
          scope: group
          groups: [${q(group)}]
          mentionOnly: true
          reply: "Hi {sender}!"
  # Logs every message in and out${archive ? ', and keeps a chat archive (one JSONL file per day)' : ''}.
  - name: "@wxbot/plugin-logger"
    options:
      archive: ${archive ? '.wxbot/archive' : 'false'}

log:
  # trace, debug, info, warn, error, fatal or silent. warn keeps the terminal quiet (only what
  # needs you); info logs every message in and out.
  level: warn
  # pretty on a terminal, JSON lines otherwise; true/false to force it.
  pretty: auto
  # Also write JSON lines to a file:
  # file: .wxbot/wxbot.log

outbox:
  # Send at a human pace so WeChat does not throttle the account.
  pacing: true

# \`wxbot start --sandbox\` runs the bot on a simulated WeChat with these people: no phone needed.
sandbox:
  cast:
    self:
      nickName: ${q(botName)}
    friends:
      - nickName: Alice
      - nickName: Bob
      - nickName: Carol
    groups:
      - topic: ${q(group)}
        members: [Alice, Bob, Carol]
`;
}
