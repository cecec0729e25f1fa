#!/usr/bin/env node
// Fails when pnpm-lock.yaml lost the native builds of a tool for one of the platforms we support
// (a lockfile written by an install that ignored pnpm-workspace.yaml's supportedArchitectures):
// a clone would then not install with --frozen-lockfile on that platform.
// usage: node .ci/check-lockfile-platforms.mjs [pnpm-lock.yaml]
import { readFileSync } from 'node:fs';

const PLATFORMS = ['linux x64', 'linux arm64', 'darwin x64', 'darwin arm64', 'win32 x64', 'win32 arm64'];
// Packages whose platform builds ship as optional dependencies named after the family.
const FAMILIES = ['@swc/core-', '@biomejs/cli-', '@unrs/resolver-binding-', '@esbuild/'];

const file = process.argv[2] ?? 'pnpm-lock.yaml';
const text = readFileSync(file, 'utf8');
const packagesAt = text.indexOf('\npackages:\n');
const snapshotsAt = text.indexOf('\nsnapshots:\n');
const section = text.slice(packagesAt, snapshotsAt < 0 ? undefined : snapshotsAt);

/** family → set of "os cpu" found */
const found = new Map(FAMILIES.map((f) => [f, new Set()]));
for (const block of section.split(/\n(?= {2}\S)/)) {
  const name = /^ {2}'?(@[^@']+)@/.exec(block)?.[1];
  const family = name && FAMILIES.find((f) => name.startsWith(f));
  if (!family) continue;
  const os = /\n {4}os: \[([^\]]*)\]/
    .exec(block)?.[1]
    .split(',')
    .map((s) => s.trim());
  const cpu = /\n {4}cpu: \[([^\]]*)\]/
    .exec(block)?.[1]
    .split(',')
    .map((s) => s.trim());
  for (const o of os ?? []) for (const c of cpu ?? []) found.get(family).add(`${o} ${c}`);
}

const problems = [];
for (const [family, have] of found) {
  if (have.size === 0) continue; // the tool is not used (any more): nothing to check
  const missing = PLATFORMS.filter((p) => !have.has(p));
  if (missing.length > 0) problems.push(`${family}*: no build for ${missing.join(', ')}`);
}
if (found.get('@swc/core-').size === 0) problems.push('@swc/core-*: no platform builds at all');
if (problems.length > 0) {
  console.error(`${file} is missing native builds:\n  ${problems.join('\n  ')}`);
  console.error(
    "Run `pnpm install` with pnpm-workspace.yaml's supportedArchitectures in place and commit the lockfile.",
  );
  process.exit(1);
}
console.log(`${file}: native builds for ${PLATFORMS.join(', ')} present (${FAMILIES.join(', ')})`);
