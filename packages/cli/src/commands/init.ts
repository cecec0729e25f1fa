import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { confirm, input } from '@inquirer/prompts';
import { CONFIG_SEARCH_PLACES, displayPath, parseConfig } from '../config/load-config.js';
import { parseYaml } from '../config/parse-file.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import type { CommandContext } from './context.js';
import { DEFAULT_INIT_ANSWERS, type InitAnswers, renderStarterConfig } from './init-template.js';

/** Options of `wxbot init`. */
export interface InitOptions {
  /** Take the defaults instead of asking. */
  yes: boolean;
  /** Write into this directory (relative to the working directory). Default `.`. */
  dir?: string;
  /** Overwrite an existing wxbot.config.yaml. */
  force: boolean;
}

/** The file `wxbot init` writes. */
export const STARTER_CONFIG_NAME = 'wxbot.config.yaml';

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Config files already in `dir` that `wxbot start` would pick up. */
async function existingConfigs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of CONFIG_SEARCH_PLACES) {
    const file = join(dir, name);
    if (!(await exists(file))) continue;
    if (name === 'package.json') {
      try {
        const pkg: unknown = JSON.parse(await readFile(file, 'utf8'));
        if (typeof pkg === 'object' && pkg !== null && 'wxbot' in pkg) found.push(file);
      } catch {
        // An unreadable package.json is not our config.
      }
      continue;
    }
    found.push(file);
  }
  return found;
}

async function ask(ctx: CommandContext): Promise<InitAnswers> {
  const context = { input: ctx.io.stdin, output: ctx.io.stdout, signal: ctx.io.signal };
  const botName = await input(
    { message: "The bot's nickname in the sandbox:", default: DEFAULT_INIT_ANSWERS.botName, required: true },
    context,
  );
  const group = await input(
    {
      message: 'A group where the bot answers when @-mentioned:',
      default: DEFAULT_INIT_ANSWERS.group,
      required: true,
    },
    context,
  );
  const archive = await confirm(
    { message: 'Keep a chat archive (one JSONL file per day)?', default: DEFAULT_INIT_ANSWERS.archive },
    context,
  );
  return { botName: botName.trim(), group: group.trim(), archive };
}

/**
 * `wxbot init`: writes a commented starter `wxbot.config.yaml` (auto-reply rules for a private
 * chat and a group, the logger, a sandbox cast) after two or three questions, or with the
 * defaults under `--yes`. Never overwrites a config without `--force`.
 */
export async function initCommand(options: InitOptions, ctx: CommandContext): Promise<number> {
  const { stdout, stderr, cwd } = ctx.io;
  const dir = resolve(cwd, options.dir ?? '.');
  const target = join(dir, STARTER_CONFIG_NAME);
  const existing = await existingConfigs(dir);
  if (existing.length > 0 && !options.force) {
    const names = existing.map((f) => displayPath(cwd, f)).join(', ');
    writeLine(stderr, `wxbot init: a config already exists: ${names}. Nothing was written.`);
    writeLine(
      stderr,
      'Edit it, or run `wxbot init --force` to replace wxbot.config.yaml with a fresh starter.',
    );
    return ExitCode.Failure;
  }
  const answers = options.yes ? DEFAULT_INIT_ANSWERS : await ask(ctx);
  const text = renderStarterConfig(answers);
  // The starter must always be valid: check it before writing, so a bad answer cannot break it.
  parseConfig(parseYaml(STARTER_CONFIG_NAME, text), { dir, label: STARTER_CONFIG_NAME });
  await mkdir(dir, { recursive: true });
  await writeFile(target, text, 'utf8');
  const shown = displayPath(cwd, target);
  writeLine(stdout, `Wrote ${shown}`);
  // --force with e.g. wxbot.config.ts present: that file still wins the search, say so.
  const rank = (f: string) =>
    CONFIG_SEARCH_PLACES.indexOf(f.slice(dir.length + 1) as (typeof CONFIG_SEARCH_PLACES)[number]);
  const winners = existing.filter((f) => rank(f) < rank(target));
  if (winners.length > 0) {
    const names = winners.map((f) => displayPath(cwd, f)).join(', ');
    writeLine(
      stdout,
      `Note: ${names} is found before ${STARTER_CONFIG_NAME}; remove it to use the new file.`,
    );
  }
  const flag = dir === cwd ? '' : ` -c ${shown}`;
  writeLine(stdout, '');
  writeLine(stdout, 'Next, try the bot on a simulated WeChat (no phone needed):');
  writeLine(stdout, `  wxbot start --sandbox${flag}`);
  writeLine(stdout, 'Then run it for real and scan the QR code with your phone:');
  writeLine(stdout, `  wxbot start${flag}`);
  return ExitCode.Ok;
}
