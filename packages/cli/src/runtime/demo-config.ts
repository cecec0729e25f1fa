import { AUTOREPLY_PACKAGE, LOGGER_PACKAGE } from './bundled-plugins.js';

/** How the sandbox names the built-in config in messages. */
export const DEMO_CONFIG_LABEL = '(built-in demo config)';

/**
 * The config `wxbot start --sandbox` uses when no config file is found, so the first command of
 * the README shows the whole bot working: auto-reply (`ping` → `pong` in private chats, `@bot
 * hello` in the group) and the logger, on the default cast (Alice, Bob, Carol, Weekend Hikers).
 */
export const DEMO_CONFIG = {
  plugins: [
    {
      name: AUTOREPLY_PACKAGE,
      options: {
        rules: [
          { name: 'ping', match: { equals: 'ping' }, scope: 'private', reply: 'pong' },
          {
            name: 'hello',
            match: 'hello',
            scope: 'group',
            mentionOnly: true,
            reply: { text: 'Hi {sender}! I am a wxbot demo.', mention: true },
          },
        ],
      },
    },
    { name: LOGGER_PACKAGE, options: {} },
  ],
  // The conversation is the show; plugin logs stay quiet unless something is wrong.
  log: { level: 'warn' },
} as const;
