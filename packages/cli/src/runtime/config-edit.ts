import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';

/** What to change in one `plugins:` entry. */
export type PluginEntryPatch = { readonly options: unknown } | { readonly enabled: boolean };

/** True when the config file can be edited by the console (YAML or JSON; not JS/TS or package.json). */
export function isEditableConfig(file: string): boolean {
  const ext = extname(file).toLowerCase();
  if (file.endsWith('package.json')) return false;
  return ext === '.yaml' || ext === '.yml' || ext === '.json' || ext === '';
}

/**
 * Changes one entry of the config's `plugins:` list in place and writes the file atomically
 * (temp file + rename, same mode). YAML keeps its comments and layout elsewhere; a plain string
 * entry becomes `{ name | path, options }`.
 *
 * @example
 * await editPluginEntry('/srv/bot/wxbot.config.yaml', 0, { options: { rules } });
 */
export async function editPluginEntry(file: string, index: number, patch: PluginEntryPatch): Promise<void> {
  if (!isEditableConfig(file)) {
    throw new Error(`${file} is not a YAML or JSON file: edit its plugins section by hand`);
  }
  const text = await readFile(file, 'utf8');
  const key = 'options' in patch ? 'options' : 'enabled';
  const value = 'options' in patch ? patch.options : patch.enabled;
  let out: string;
  if (extname(file).toLowerCase() === '.json') {
    const data = JSON.parse(text) as { plugins?: unknown[] };
    const entry = data.plugins?.[index];
    if (entry === undefined) throw new Error(`plugins[${index}] is gone from ${file}`);
    const object = typeof entry === 'string' ? asObject(entry) : (entry as Record<string, unknown>);
    object[key] = value;
    data.plugins![index] = object;
    out = `${JSON.stringify(data, null, 2)}\n`;
  } else {
    const doc = parseDocument(text);
    const entry = doc.getIn(['plugins', index], true);
    if (entry === undefined) throw new Error(`plugins[${index}] is gone from ${file}`);
    if (isScalar(entry)) doc.setIn(['plugins', index], doc.createNode(asObject(String(entry.value))));
    else if (!isMap(entry)) throw new Error(`plugins[${index}] in ${file} is neither a name nor an object`);
    doc.setIn(['plugins', index, key], doc.createNode(value));
    out = doc.toString();
  }
  const mode = (await stat(file)).mode & 0o777;
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, out, { mode });
  await rename(temp, file);
}

function asObject(spec: string): Record<string, unknown> {
  return spec.startsWith('.') || spec.startsWith('/') ? { path: spec } : { name: spec };
}
