import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '@wxbot/core';

/** One `image`/`file` path in the options and where it is written (`rules[2].reply.image`). */
interface MediaRef {
  readonly where: string;
  readonly path: string;
}

function refsIn(reply: unknown, where: string, out: MediaRef[]): void {
  if (Array.isArray(reply)) {
    reply.forEach((item, i) => {
      refsIn(item, `${where}[${i}]`, out);
    });
    return;
  }
  if (typeof reply !== 'object' || reply === null) return;
  const r = reply as { image?: unknown; file?: unknown };
  if (typeof r.image === 'string') out.push({ where: `${where}.image`, path: r.image });
  if (typeof r.file === 'string') out.push({ where: `${where}.file`, path: r.file });
}

/**
 * Checks at start that every image and file a reply would send exists and is a file, so a typo
 * is found now and not when a user first triggers the rule. Throws a `ConfigError` naming the
 * option and the full path.
 *
 * @example
 * await checkReplyMedia(options, '/srv/bot'); // rules[0].reply.image: no file /srv/bot/cat.png
 */
export async function checkReplyMedia(
  options: { rules?: readonly { reply?: unknown }[] | undefined; fallback?: unknown },
  baseDir: string | undefined,
): Promise<void> {
  const refs: MediaRef[] = [];
  for (const [i, rule] of (options.rules ?? []).entries()) refsIn(rule.reply, `rules[${i}].reply`, refs);
  const fallback = options.fallback as { reply?: unknown } | undefined;
  if (typeof fallback === 'object' && fallback !== null) refsIn(fallback.reply, 'fallback.reply', refs);
  const problems: string[] = [];
  for (const ref of refs) {
    const full = isAbsolute(ref.path) ? ref.path : resolve(baseDir ?? process.cwd(), ref.path);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined) problems.push(`${ref.where}: no file ${full}`);
    else if (!info.isFile()) problems.push(`${ref.where}: ${full} is not a file`);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      problems[0]?.split(':')[0] ?? 'rules',
      `auto-reply media missing: ${problems.join('; ')} (relative paths start at ${baseDir ?? process.cwd()})`,
    );
  }
}
