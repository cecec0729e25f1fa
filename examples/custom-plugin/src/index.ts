/**
 * A custom wxbot plugin package: `/roll` rolls dice (`/roll`, `/roll 3`, `/roll 2d20`).
 * Use it from a config file:
 *
 *   plugins:
 *     - path: ./examples/custom-plugin/src/index.ts
 *       options: { sides: 6, maxDice: 5 }
 *
 * or in code: `await bot.plugin(dice, { sides: 20 })`.
 */
import { definePlugin } from '@wxbot/core';
import { z } from 'zod';

/** The plugin's options (validated before `setup`; a bad value names the path). */
export const diceOptions = z.strictObject({
  /** Sides of a die when the command does not say (`/roll 3`). */
  sides: z.number().int().min(2).max(1000).default(6),
  /** Most dice one command may roll. */
  maxDice: z.number().int().min(1).max(100).default(10),
});

/** Parses `3`, `2d20`, `d8` or nothing into a count and a number of sides; undefined when malformed. */
export function parseRoll(spec: string, defaultSides: number): { count: number; sides: number } | undefined {
  if (spec === '') return { count: 1, sides: defaultSides };
  const m = /^(\d*)(?:d(\d+))?$/i.exec(spec);
  if (m === null || (m[1] === '' && m[2] === undefined)) return undefined;
  const count = m[1] === '' ? 1 : Number(m[1]);
  const sides = m[2] === undefined ? defaultSides : Number(m[2]);
  if (count < 1 || sides < 2) return undefined;
  return { count, sides };
}

/**
 * Makes the dice plugin; tests pass a seeded `rng` so the rolls are known.
 *
 * @example
 * await bot.plugin(createDicePlugin({ rng: () => 0.5 }), { sides: 6 });
 */
export function createDicePlugin(runtime: { rng?: () => number } = {}) {
  const rng = runtime.rng ?? Math.random;
  return definePlugin({
    name: 'dice',
    schema: diceOptions,
    setup(bot, options) {
      bot.command('roll', async (ctx) => {
        const roll = parseRoll(ctx.command.args[0] ?? '', options.sides);
        if (roll === undefined) {
          await ctx.reply('usage: /roll, /roll 3, /roll 2d20');
          return;
        }
        if (roll.count > options.maxDice) {
          await ctx.reply(`at most ${options.maxDice} dice, please`);
          return;
        }
        const dice = Array.from({ length: roll.count }, () => 1 + Math.floor(rng() * roll.sides));
        const total = dice.reduce((a, b) => a + b, 0);
        const who = ctx.message.isGroup ? `${ctx.message.sender.name} rolled` : 'You rolled';
        await ctx.reply(`${who} ${dice.join(' + ')}${dice.length > 1 ? ` = ${total}` : ''} (d${roll.sides})`);
      });
    },
  });
}

/** The dice plugin with a real random source. */
export const dice = createDicePlugin();

export default dice;
