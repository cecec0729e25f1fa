#!/usr/bin/env node
// The second half of `pnpm build` (after `tsc -b`, which writes only the .d.ts files of these
// packages): bundles the runtime entry points of the packages `wxbot start` loads, so Node reads a
// few files per package instead of hundreds. Startup was ~45 % module loading (resolve, compile,
// package.json reads, the CJS loader) before this.
//
// For each package: every `exports` entry (plus the CLI's bin) is an entry point of ONE esbuild run
// with code splitting, so two entries of a package (`@wxbot/core` and `@wxbot/core/internal`) share
// one instance of every module, and each `import()` stays a chunk of its own that loads only when
// used. Chunks sit flat in dist/ next to the entries, so `new URL('../package.json', import.meta.url)`
// and the console's `../web/` resolve as before.
//
// Kept external: every `@wxbot/*` package (a user's plugin that imports `@wxbot/core` must get the
// instance the CLI uses: Node resolves both to the package's one bundle) and the dependencies in
// SHARED below, each for the reason given there. Everything else the package imports is inlined,
// and the licences of what was inlined are written to dist/THIRD-PARTY-LICENSES.md.
//
// usage: node scripts/bundle.mjs [--quiet]
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bundled packages, and extra entry points beside their package.json `exports`. Core comes
 * first: its `./zod` entry is the one copy of zod the others import (see ZOD_ALIAS).
 */
const PACKAGES = [
  { dir: 'packages/core', zod: 'inline' },
  { dir: 'packages/ilink' },
  { dir: 'packages/plugin-autoreply' },
  { dir: 'packages/plugin-logger' },
  { dir: 'packages/console' },
  // `wxbot start --sandbox` runs the simulator (and, fast, the test kit's clock) in the CLI process.
  { dir: 'packages/simulator', entries: ['bin'] },
  { dir: 'packages/testing' },
  // bin/wxbot.js (committed, so the command links before a build) imports dist/bin.js.
  { dir: 'packages/cli', entries: ['bin'] },
];

/**
 * Dependencies imported from node_modules at run time rather than inlined, and why. Everything
 * else a bundled package imports is inlined (that is the point: a CommonJS package imported from
 * ESM costs a cjs-module-lexer pass, an ESM package one compile and resolve per file).
 */
const SHARED = {
  // pino starts its transports (pino-pretty, files) in worker threads from files in its package.
  pino: 'worker-thread transports load files from the package',
  'pino-pretty': 'loaded by pino transports and with createRequire',
  // Loaded on the first upload, redirect or binary download; http-cookie-agent requires
  // tough-cookie's CommonJS build (core inlines the ESM one, as it imported it before).
  axios: 'loaded lazily',
  'http-cookie-agent': 'loaded lazily with axios',
  'axios-cookiejar-support': 'loaded lazily with axios',
  // Only for /metrics; prom-client has optional requires of its own.
  'prom-client': 'loaded only for /metrics',
  '@opentelemetry/api': 'optional peer of prom-client',
  // cosmiconfig's TypeScript loader (9 MB). The CLI passes its own loaders for its config, but
  // cosmiconfig reads its meta config (package.json, .config/config.*) with its defaults, so its
  // JSON, YAML and JS loaders are inlined; `typescript` is an optional peer it requires only for
  // a .config/config.ts, resolved from node_modules as before.
  typescript: "cosmiconfig's .ts loader, an optional peer",
  jiti: 'a bundle already; loaded only for .ts plugins and configs',
  '@inquirer/prompts': 'loaded only to ask a question at a terminal',
};

/**
 * zod's own build is ~95 ES modules (about 95 ms and 14 MiB to load, a third of the CLI's module
 * loading); bundled it is one file (about 40 ms, 7 MiB). Core inlines it once as `@wxbot/core/zod`,
 * and every other bundle imports `zod` from there, so the CLI, the console and the bundled plugins
 * share that one copy. A user's plugin that imports `zod` itself loads its own copy: zod v4 keeps
 * its registry and config on `globalThis` and checks `instanceof` by traits, so schemas of the two
 * copies mix (the CLI validates options with the plugin's own schema; the console draws its form).
 */
const ZOD_ALIAS = { zod: '@wxbot/core/zod' };

// Inlined CommonJS code calls `require` (for Node built-ins and the external packages) and may
// read `__filename`/`__dirname`; an ES module has none of them. The two names are mapped (esbuild
// `define`, free references only) to the chunk's own file and folder.
const CJS_SHIM = [
  "import { createRequire as __wxbotCreateRequire } from 'node:module';",
  "import { fileURLToPath as __wxbotFileURLToPath } from 'node:url';",
  "import { dirname as __wxbotDirnameOf } from 'node:path';",
  'const require = __wxbotCreateRequire(import.meta.url);',
  'const __wxbotFilename = __wxbotFileURLToPath(import.meta.url);',
  'const __wxbotDirname = __wxbotDirnameOf(__wxbotFilename);',
].join('\n');

const quiet = process.argv.includes('--quiet');

/** `./dist/internal.js` → `internal`; the entry names of a package's `exports`. */
function exportEntries(pkg) {
  const names = [];
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : target?.default;
    const m = /^\.\/dist\/([\w-]+)\.js$/.exec(file ?? '');
    if (!m?.[1]) throw new Error(`${pkg.name}: exports["${key}"] does not point at ./dist/<name>.js`);
    names.push(m[1]);
  }
  return names;
}

/** Removes the JavaScript (and its maps) a previous build left in dist/; keeps the .d.ts files. */
async function removeOldJs(dist) {
  if (!existsSync(dist)) return;
  for (const entry of await readdir(dist, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(js|js\.map)$/.test(entry.name))
      await rm(join(entry.parentPath ?? entry.path, entry.name));
  }
}

/** Each package inlined into the outputs (from the metafile), with its licence text. */
async function inlinedPackages(metafile, pkgDir) {
  const found = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf(`node_modules/`);
    if (at < 0) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const dir = join(pkgDir, input.slice(0, at), 'node_modules', name);
    if (!found.has(name)) found.set(name, dir);
  }
  const out = [];
  for (const [name, dir] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const files = await readdir(dir);
    const licenceFile = files.find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenceFile ? (await readFile(join(dir, licenceFile), 'utf8')).trim() : '';
    out.push({ name, version: manifest.version, license: manifest.license ?? 'see package', text });
  }
  return out;
}

async function bundlePackage({ dir, entries = [], zod }) {
  const pkgDir = join(ROOT, dir);
  const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8'));
  // tsc must leave dist/*.js to the bundle, or `tsc -b` (typecheck) would overwrite the entries.
  const tsconfig = JSON.parse(await readFile(join(pkgDir, 'tsconfig.json'), 'utf8'));
  if (tsconfig.compilerOptions?.emitDeclarationOnly !== true)
    throw new Error(`${dir}/tsconfig.json: set "emitDeclarationOnly": true (this package is bundled)`);
  const names = [...new Set([...exportEntries(pkg), ...entries])];
  const dist = join(pkgDir, 'dist');
  await removeOldJs(dist);
  const result = await build({
    absWorkingDir: pkgDir,
    entryPoints: Object.fromEntries(names.map((n) => [n, `src/${n}.ts`])),
    outdir: 'dist',
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.json',
    external: ['@wxbot/*', ...Object.keys(SHARED)],
    alias: zod === 'inline' ? {} : ZOD_ALIAS,
    banner: { js: CJS_SHIM },
    define: { __filename: '__wxbotFilename', __dirname: '__wxbotDirname' },
    sourcemap: 'linked',
    // The published package has no src/: the maps carry the sources so stack traces can be mapped.
    sourcesContent: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inlined = await inlinedPackages(result.metafile, pkgDir);
  if (inlined.length > 0) {
    const lines = [
      `# Third-party code inlined in ${pkg.name}'s dist/`,
      '',
      'These packages are bundled into the files of dist/ (scripts/bundle.mjs); their licences follow.',
      '',
    ];
    for (const p of inlined) {
      lines.push(`## ${p.name} ${p.version} (${p.license})`, '');
      if (p.text) lines.push('```', p.text, '```', '');
    }
    await writeFile(join(dist, 'THIRD-PARTY-LICENSES.md'), lines.join('\n'));
  }
  const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  if (!quiet) {
    const bytes = outputs.reduce((sum, f) => sum + result.metafile.outputs[f].bytes, 0);
    const files = outputs.map((f) => relative(pkgDir, join(pkgDir, f)).split(sep).join('/'));
    console.log(
      `bundle: ${pkg.name}: ${names.join(', ')} → ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB` +
        (inlined.length > 0 ? `; inlined ${inlined.map((p) => p.name).join(', ')}` : ''),
    );
  }
}

for (const p of PACKAGES) await bundlePackage(p);
