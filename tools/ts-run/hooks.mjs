// Node module hooks: .ts files are compiled with swc on load, `./x.js` imports find `./x.ts`, and
// the workspace packages resolve to their src (like jest's moduleNameMapper).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

const packages = new URL('../../packages/', import.meta.url);
const WORKSPACE = {
  '@wxbot/testing': 'testing/src/index.ts',
  '@wxbot/core/internal': 'core/src/internal.ts',
  '@wxbot/core/zod': 'core/src/zod.ts',
  '@wxbot/core': 'core/src/index.ts',
  '@wxbot/simulator': 'simulator/src/index.ts',
  '@wxbot/cli': 'cli/src/index.ts',
  '@wxbot/plugin-autoreply': 'plugin-autoreply/src/index.ts',
  '@wxbot/plugin-logger': 'plugin-logger/src/index.ts',
};

export async function resolve(specifier, context, next) {
  const mapped = WORKSPACE[specifier];
  if (mapped !== undefined) return { url: new URL(mapped, packages).href, shortCircuit: true };
  if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(ts)) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const out = await transform(await readFile(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: out.code, shortCircuit: true };
}
