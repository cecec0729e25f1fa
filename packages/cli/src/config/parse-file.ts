import { parseDocument } from 'yaml';
import { firstLine } from '../error-message.js';
import { ConfigProblemsError } from './errors.js';
import { importFile } from './import-module.js';

/** Parses YAML (also `.wxbotrc` without extension); syntax errors carry line and column. */
export function parseYaml(label: string, contents: string): unknown {
  const doc = parseDocument(contents, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigProblemsError(
      label,
      doc.errors.map((e) => ({
        path: '',
        // The library appends " at line L, column C:" and a code excerpt; we print the position ourselves.
        message: `YAML syntax error: ${e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim()}`,
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
      })),
      {
        hint: 'hint: YAML is indentation-sensitive: use spaces (not tabs) and quote values that contain ": ".',
      },
    );
  }
  return doc.toJS();
}

/** Parses JSON; syntax errors carry line and column. */
export function parseJson(label: string, contents: string): unknown {
  try {
    return JSON.parse(contents);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const before = contents.slice(0, offset).split('\n');
    throw new ConfigProblemsError(
      label,
      [
        {
          path: '',
          message: `JSON syntax error: ${message.replace(/,? in JSON at position \d+.*$/s, '')}`,
          line: before.length,
          column: (before.at(-1)?.length ?? 0) + 1,
        },
      ],
      { hint: 'hint: JSON needs double quotes and no trailing commas; a YAML config allows comments too.' },
    );
  }
}

/** Imports a `.js`/`.mjs`/`.ts` config and returns its default export. */
export async function loadScriptConfig(label: string, file: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = await importFile(file);
  } catch (err) {
    const message = firstLine(err);
    throw new ConfigProblemsError(label, [{ path: '', message: `could not be loaded: ${message}` }], {
      cause: err,
      hint: 'hint: run the file with node (or tsx for .ts) to see the full error.',
    });
  }
  if (!('default' in mod)) {
    throw new ConfigProblemsError(label, [
      {
        path: '',
        message: `expected a default export (export default { ... }), got exports: ${Object.keys(mod).join(', ') || 'none'}`,
      },
    ]);
  }
  return mod.default;
}
