import type { LlmInput } from './input.js';
import type { LlmOptions } from './options.js';
import { listed } from './trigger.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The persona configured for the chat: the group's, else the contact's, else the default. */
export function personaFor(input: LlmInput, persona: LlmOptions['persona']): string {
  const pick = (table: Readonly<Record<string, string>>, id: string, names: readonly string[]) => {
    for (const [key, prompt] of Object.entries(table)) if (listed([key], id, names)) return prompt;
    return undefined;
  };
  const group =
    input.chat.kind === 'group' ? pick(persona.groups, input.chat.id, [input.chat.name]) : undefined;
  return group ?? pick(persona.contacts, input.sender.id, input.sender.names) ?? persona.default;
}

function parts(now: Date, timeZone: string | undefined): { date: string; time: string; weekday: string } {
  const f = new Intl.DateTimeFormat('en-CA', {
    ...(timeZone !== undefined ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
    hourCycle: 'h23',
  });
  const get = (type: string) => f.formatToParts(now).find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    weekday: get('weekday') || (WEEKDAYS[now.getDay()] ?? ''),
  };
}

/**
 * Fills a persona's placeholders: `{sender}` (who asks), `{group}` (the group's name, '' in a
 * private chat), `{chat}` (the group or the person), `{date}` (YYYY-MM-DD), `{time}` (HH:MM),
 * `{weekday}`. Unknown placeholders stay as written.
 *
 * @example
 * renderPersona('You help {sender} in {group}. Today is {weekday}.', input); // "You help Bob in Hikers. Today is Monday."
 */
export function renderPersona(template: string, input: LlmInput, timeZone?: string): string {
  const when = parts(input.now, timeZone);
  const values: Record<string, string> = {
    sender: input.sender.name,
    group: input.chat.kind === 'group' ? input.chat.name : '',
    chat: input.chat.name,
    ...when,
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
