/**
 * Fallback of the sandbox scenario when the CLI cannot run: in ONE fresh process, start the simulator
 * with the sandbox's own login behaviour (its phone confirms the QR by itself, default delays) and a
 * small cast, start a bot on it, and print `ready` once `bot.start()` resolved (contacts loaded).
 * The scenario times this process from spawn to that line, like it would time `wxbot start --sandbox`.
 */
import { createBot } from '@wxbot/core';
import { createSimulator } from '@wxbot/simulator';

const sim = await createSimulator({
  autoConfirm: true,
  cast: {
    friends: [
      { wxid: 'wxid_alice', nickName: 'Alice' },
      { wxid: 'wxid_bob', nickName: 'Bob' },
    ],
    groups: [{ wxid: '1000@chatroom', topic: 'Weekend Hikers', members: ['wxid_alice', 'wxid_bob'] }],
  },
});
const bot = createBot({ connectTo: sim.url });
bot.on('text', (ctx) => (ctx.text === 'ping' ? ctx.reply('pong').then(() => undefined) : undefined));
await bot.start();
process.stdout.write('ready\n');
await bot.stop();
await sim.close();
process.exit(0);
