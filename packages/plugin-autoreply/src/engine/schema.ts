import { parseDuration } from '@wxbot/core';
import { z } from 'zod';
import { compileRegex } from './regex.js';
import { checkTimezone, parseDays, parseHours } from './time-window.js';

/**
 * Message kinds a rule can answer. `text` also covers quote replies (a text that quotes another).
 * Non-text kinds are matched by `any: true`, or by keywords against a short summary
 * (link title, file name, location label, card name).
 */
export const RULE_KINDS = [
  'text',
  'quote',
  'image',
  'voice',
  'video',
  'emoticon',
  'card',
  'link',
  'file',
  'location',
  'miniProgram',
  'transfer',
  'redPacket',
  'chatHistory',
  'music',
  'article',
] as const;

/** One of {@link RULE_KINDS}. */
export type RuleKind = (typeof RULE_KINDS)[number];

const text = z.string({ error: 'a string' }).min(1, { error: 'a non-empty string' });
const textOrList = z.union([text, z.array(text).min(1, { error: 'a non-empty list' })], {
  error: 'a string or a non-empty list of strings',
});

const regex = z
  .string({ error: 'a regex string like "^天气\\\\s*(.+)$" or "/…/i"' })
  .superRefine((s, ctx) => {
    try {
      compileRegex(s, false);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `a valid regular expression (${(e as Error).message})` });
    }
  });

const duration = z.string({ error: 'a duration like "30s", "5m" or "1h30m"' }).superRefine((s, ctx) => {
  if (parseDuration(s) === undefined)
    ctx.addIssue({ code: 'custom', message: 'a duration like "30s", "5m" or "1h30m"' });
});

const hoursOne = z.string({ error: 'hours like "09:00-18:00"' }).superRefine((s, ctx) => {
  try {
    parseHours(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `hours that ${(e as Error).message}` });
  }
});

const days = z
  .union([z.string(), z.array(z.string()).min(1)], { error: 'weekdays like "mon-fri" or ["sat", "sun"]' })
  .superRefine((d, ctx) => {
    try {
      parseDays(d);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `weekdays: ${(e as Error).message}` });
    }
  });

const timezone = z.string({ error: 'an IANA time zone like "Asia/Shanghai"' }).superRefine((tz, ctx) => {
  try {
    checkTimezone(tz);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'an IANA time zone like "Asia/Shanghai" or "UTC"' });
  }
});

// A match shorthand: "word" → contains, "/re/i" → regex, ["a", "b"] → contains any.
function expandMatch(v: unknown): unknown {
  if (typeof v === 'string') return /^\/.+\/[a-z]*$/s.test(v) ? { regex: v } : { contains: v };
  if (Array.isArray(v)) return { contains: v };
  return v;
}

const MATCH_KEYS = ['contains', 'equals', 'startsWith', 'regex', 'any'] as const;

const matchObject = z
  .strictObject(
    {
      contains: textOrList.optional(),
      equals: textOrList.optional(),
      startsWith: textOrList.optional(),
      regex: regex.optional(),
      any: z.literal(true, { error: '`true` (leave `any` out otherwise)' }).optional(),
    },
    {
      error:
        'a keyword, a list of keywords, a "/regex/" or an object with one of contains, equals, startsWith, regex, any',
    },
  )
  .superRefine((m, ctx) => {
    const used = MATCH_KEYS.filter((k) => m[k] !== undefined);
    if (used.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'one of contains, equals, startsWith, regex or any: true (the match is empty)',
      });
    } else if (used.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `exactly one of contains, equals, startsWith, regex, any (found ${used.join(' and ')}; split it into two rules)`,
      });
    }
  });

const replyObject = z
  .strictObject(
    {
      text: textOrList.optional(),
      image: text.optional(),
      file: text.optional(),
      mention: z.boolean().optional(),
    },
    { error: 'a text, a list of texts to pick from, or an object with text, image, file, mention' },
  )
  .superRefine((r, ctx) => {
    if (r.text === undefined && r.image === undefined && r.file === undefined) {
      ctx.addIssue({ code: 'custom', message: 'at least one of text, image or file (the reply is empty)' });
    }
  });

const reply = z.union(
  [text, z.array(z.union([text, replyObject])).min(1, { error: 'a non-empty list' }), replyObject],
  {
    error: 'a text, a list of texts to pick from, or an object with text, image, file, mention',
  },
);

const names = z.array(text, { error: 'a list of names or ids' });
const allowDeny = z.union([names, z.strictObject({ allow: names.optional(), deny: names.optional() })], {
  error: 'a list of names/ids (allowed), or { allow: [...], deny: [...] }',
});

const cooldown = z.union(
  [duration, z.strictObject({ perChat: duration.optional(), perSender: duration.optional() })],
  {
    error: 'a duration like "30s", or { perChat: "30s", perSender: "5m" }',
  },
);

// Fields shared by rules and the fallback.
const ruleBase = {
  id: text.optional(),
  name: text.optional(),
  kinds: z
    .array(z.enum(RULE_KINDS, { error: `one of ${RULE_KINDS.join(', ')}` }))
    .min(1)
    .optional(),
  scope: z.enum(['private', 'group', 'both'], { error: 'one of private, group, both' }).optional(),
  groups: allowDeny.optional(),
  contacts: allowDeny.optional(),
  mentionOnly: z.boolean().optional(),
  mentionAll: z.boolean().optional(),
  reply,
  stop: z.boolean().optional(),
  cooldown: cooldown.optional(),
  hours: z.union([hoursOne, z.array(hoursOne).min(1)]).optional(),
  days: days.optional(),
  timezone: timezone.optional(),
  outside: z.boolean().optional(),
};

/** Schema of one rule as written in the config. */
export const ruleSchema = z.strictObject({
  ...ruleBase,
  match: z.preprocess(expandMatch, matchObject),
  ignoreCase: z.boolean().optional(),
  priority: z.number({ error: 'a number (higher wins)' }).finite().optional(),
});

/** Schema of the fallback: a rule without `match`, used when no rule fired. */
export const fallbackSchema = z.preprocess(
  (v) => (typeof v === 'string' || Array.isArray(v) ? { reply: v } : v),
  z.strictObject(ruleBase, { error: 'a reply text, or an object with reply and the rule fields (no match)' }),
);

/**
 * The plugin's config schema (zod). Validation errors are turned into readable messages by
 * `compileRules`; use this schema for editor hints and `definePlugin`.
 */
export const autoreplyConfigSchema = z.strictObject(
  {
    rules: z.array(ruleSchema, { error: 'a list of rules' }).optional(),
    fallback: fallbackSchema.optional(),
    owners: names.optional(),
    ignoreCase: z.boolean().optional(),
    timezone: timezone.optional(),
    command: z.string().regex(/^\S+$/, { error: 'a word without spaces, like "/autoreply"' }).optional(),
    selfIsOwner: z.boolean().optional(),
  },
  { error: 'an object with rules, fallback, owners, ignoreCase, timezone, command' },
);

/** The autoreply config as written (YAML/JSON), after validation. */
export type AutoreplyConfig = z.infer<typeof autoreplyConfigSchema>;
/** One rule as written. */
export type RuleConfig = z.infer<typeof ruleSchema>;
/** A reply as written. */
export type ReplyConfig = z.infer<typeof reply>;
/** The fallback as written. */
export type FallbackConfig = z.infer<typeof fallbackSchema>;
