import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

let jiti: Jiti | undefined;

/**
 * Imports a JavaScript or TypeScript file by absolute path and returns its module namespace.
 * `.ts` files go through jiti, because Node 20 cannot run TypeScript by itself.
 *
 * @example
 * const mod = await importFile('/srv/bot/my-plugin.ts');
 */
export async function importFile(file: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.has(extname(file))) {
    // Loaded only for TypeScript: jiti is a large CommonJS bundle a .mjs or .js plugin does not need.
    jiti ??= (await import('jiti')).createJiti(import.meta.url, {
      moduleCache: false,
      fsCache: false,
      interopDefault: false,
    });
    const mod: unknown = await jiti.import(file);
    return toNamespace(mod);
  }
  return toNamespace(await import(pathToFileURL(file).href));
}

function toNamespace(mod: unknown): Record<string, unknown> {
  return typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>) : { default: mod };
}
