import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';

// The seam, as ARCHITECTURE.md draws it: the runtime never imports a protocol; an adapter imports
// only the shared model and utilities below the runtime, never the pipeline, the outbox or the Bot.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Where everything but the runtime lives: adapters, and the composition root that picks one. */
const NOT_RUNTIME = [/^adapters\//, /^create-bot\.ts$/, /^index\.ts$/, /^internal\.ts$/];
/** What an adapter may import from outside its own folder. */
const ADAPTER_MAY_IMPORT = [
  /^adapter\//,
  /^contacts\/types\.ts$/,
  /^message\/(types|outgoing|dedupe)\.ts$/,
  /^errors\.ts$/,
  /^ledger\//,
  /^clock\//,
  /^retry\//,
  /^logging\//,
  /^storage\//,
];
/** npm packages that only a protocol client needs (HTTP, cookies, XML). */
const PROTOCOL_PACKAGES =
  /^(axios|axios-cookiejar-support|tough-cookie|http-cookie-agent|fast-xml-parser|entities)(\/|$)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Edge {
  readonly from: string;
  /** A path relative to src for a relative import, else the package name. */
  readonly to: string;
  readonly relative: boolean;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(SRC, file).split(sep).join('/');
  const edges: Edge[] = [];
  for (const match of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g,
  )) {
    edges.push(toEdge(from, file, match[1] as string));
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    edges.push(toEdge(from, file, match[1] as string));
  }
  return edges;
}

function toEdge(from: string, file: string, spec: string): Edge {
  if (!spec.startsWith('.')) return { from, to: spec, relative: false };
  const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
  return { from, to: relative(SRC, target).split(sep).join('/'), relative: true };
}

const edges = filesUnder(SRC).flatMap(importsOf);
const isRuntime = (path: string): boolean => !NOT_RUNTIME.some((re) => re.test(path));
const adapterOf = (path: string): string | undefined => /^adapters\/([^/]+)\//.exec(path)?.[1];

describe('import direction (ARCHITECTURE.md)', () => {
  test('the scan sees the runtime and the web adapter', () => {
    expect(edges.some((e) => e.from === 'bot.ts')).toBe(true);
    expect(edges.some((e) => e.from.startsWith('adapters/web/'))).toBe(true);
  });

  test('the runtime imports nothing from an adapter', () => {
    const bad = edges.filter((e) => isRuntime(e.from) && e.relative && e.to.startsWith('adapters/'));
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('the runtime uses no protocol library (HTTP, cookies, XML)', () => {
    const bad = edges.filter((e) => isRuntime(e.from) && !e.relative && PROTOCOL_PACKAGES.test(e.to));
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('an adapter imports only the shared model and utilities, never the pipeline, outbox or Bot', () => {
    const bad = edges.filter((e) => {
      const own = adapterOf(e.from);
      if (!own || !e.relative) return false;
      if (adapterOf(e.to) === own) return false;
      return !ADAPTER_MAY_IMPORT.some((re) => re.test(e.to));
    });
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('core does not need the simulator at run time', () => {
    const bad = edges.filter((e) => !e.relative && e.to.startsWith('@wxbot/simulator'));
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});
