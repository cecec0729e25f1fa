import type { PluginStatus } from '@wxbot/core';
import { z } from 'zod';
import type { ConsolePlugin } from './host.js';

/** One plugin as the page receives it: state, options, and the JSON Schema its form is drawn from. */
export interface PluginView {
  readonly name: string;
  readonly source: string;
  readonly enabled: boolean;
  /** `active`, `loading`, `failed`, or `disabled`. */
  readonly state: string;
  readonly error: string | undefined;
  readonly reloads: number;
  readonly options: unknown;
  /** JSON Schema (draft 2020-12) of the options, or undefined when the plugin's schema has no shape (the page offers JSON). */
  readonly jsonSchema: Record<string, unknown> | undefined;
}

/**
 * The JSON Schema of a plugin's options from its zod schema (zod v4 `z.toJSONSchema`, input side,
 * so defaults are optional in the form). Undefined when it is not a zod schema or says nothing
 * about the shape.
 */
export function jsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  if (schema === undefined || schema === null || typeof schema !== 'object' || !('_zod' in schema))
    return undefined;
  try {
    const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    const { $schema: _ignored, ...shape } = json;
    return Object.keys(shape).length === 0 ? undefined : json;
  } catch {
    return undefined;
  }
}

/** Joins the host's plugin list with the bot's live status. */
export function pluginViews(
  plugins: readonly ConsolePlugin[],
  statuses: readonly PluginStatus[],
): PluginView[] {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const views: PluginView[] = plugins.map((p) => {
    const status = byName.get(p.name);
    byName.delete(p.name);
    return {
      name: p.name,
      source: p.source,
      enabled: p.enabled,
      state: p.enabled ? (status?.state ?? 'loading') : 'disabled',
      error: status?.error,
      reloads: status?.reloads ?? 0,
      options: p.options ?? {},
      jsonSchema: jsonSchemaOf(p.formSchema) ?? jsonSchemaOf(p.schema),
    };
  });
  // Plugins loaded in code (not from the config) are listed too, read-only.
  for (const status of byName.values()) {
    views.push({
      name: status.name,
      source: '(loaded in code)',
      enabled: true,
      state: status.state,
      error: status.error,
      reloads: status.reloads,
      options: undefined,
      jsonSchema: undefined,
    });
  }
  return views;
}
