/**
 * An echo bot written in code: every private text comes back as "echo: <text>", and
 * "@bot <text>" in a group is echoed with an @mention. Run it for real with any TypeScript
 * runner, e.g. `npx tsx examples/echo-bot/src/index.ts`, and scan the QR code.
 */
import { type Bot, type BotOptions, createBot, definePlugin, renderQrToString } from '@wxbot/core';

/** The echo behaviour as a plugin, so the test kit can load it exactly as the bot does. */
export const echo = definePlugin({
  name: 'echo',
  setup(bot) {
    bot.on('text', async (ctx, next) => {
      const message = ctx.message;
      if (message.kind !== 'text' || message.self) return next();
      if (message.isGroup && !message.isMentioned) return next();
      await ctx.reply(`echo: ${message.text}`, { mention: message.isGroup });
    });
  },
});

/** Creates the echo bot (not started). */
export async function createEchoBot(options: BotOptions = {}): Promise<Bot> {
  const bot = createBot({ sessionFile: '.wxbot/session.json', ...options });
  await bot.plugin(echo);
  return bot;
}

// Started directly (not imported by a test): log in with a QR code and echo until Ctrl+C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const bot = await createEchoBot();
  bot.events.on('qr', async (qr) => console.log(await renderQrToString(qr.url)));
  bot.events.on('ready', () => console.log(`echo bot ready as ${bot.self?.name}`));
  process.once('SIGINT', () => void bot.stop());
  await bot.start();
}
