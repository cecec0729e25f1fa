import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One file of the page, read once at start. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/forms.js': ['forms.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
} as const;

/** The page's files (`web/` in the package, shipped with it: no CDN, works offline). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const dir = new URL('../web/', import.meta.url);
  const assets = new Map<string, Asset>();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    assets.set(path, { body: readFileSync(fileURLToPath(new URL(file, dir))), type });
  }
  return assets;
}

/** Total bytes of the page's files (what a browser loads once). */
export function assetBytes(assets: ReadonlyMap<string, Asset>): number {
  let total = 0;
  for (const asset of assets.values()) total += asset.body.length;
  return total;
}
