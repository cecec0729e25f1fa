import { createHash } from 'node:crypto';
import type { ContactKind } from '../../../contacts/types.js';

/** What the stable id is computed from. Everything but `kind` and `userName` is optional. */
export interface StableIdInput {
  readonly kind: ContactKind;
  /** Session-scoped UserName; the last resort, and the id of special accounts. */
  readonly userName: string;
  /** Internal id (`wxid_…`, `…@chatroom`, `gh_…`) when known. */
  readonly wxid?: string | undefined;
  readonly uin?: number | undefined;
  readonly alias?: string | undefined;
  readonly remarkName?: string | undefined;
  readonly nickName?: string | undefined;
}

// Internal ids are plain ASCII tokens; session ids start with '@' and encrypted ones end in '@stranger'.
const WXID = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,79}(@chatroom|@app)?$/;

/**
 * True when `value` looks like an internal WeChat id (`wxid_…`, `1234@chatroom`, `gh_…`, a custom
 * old-style id) rather than a session `@…` UserName or an encrypted `v1_…@stranger` name.
 */
export function isWxid(value: string): boolean {
  return WXID.test(value);
}

function nameCategory(kind: ContactKind): 'group' | 'official' | 'person' {
  if (kind === 'group') return 'group';
  if (kind === 'official') return 'official';
  return 'person';
}

// Ids of recently seen names: a group message asks for its sender's id, and hashing costs more
// than the rest of normalizing the message. Bounded; cleared when full.
const NAME_ID_CACHE_MAX = 4096;
const nameIdCache = new Map<string, string>();

/** `name:` + 16 hex of SHA-256 over `category + "\n" + name`. Exported for the documentation tests. */
export function nameId(kind: ContactKind, name: string): string {
  const input = `${nameCategory(kind)}\n${name}`;
  const cached = nameIdCache.get(input);
  if (cached !== undefined) return cached;
  const id = `name:${createHash('sha256').update(input).digest('hex').slice(0, 16)}`;
  if (nameIdCache.size >= NAME_ID_CACHE_MAX) nameIdCache.clear();
  nameIdCache.set(input, id);
  return id;
}

/**
 * `uin:` + 16 hex of SHA-256 over the uin. The uin itself is a session secret (it appears in
 * BaseRequest and cookies), so it never appears in an id that plugins log or store.
 */
export function uinId(uin: number): string {
  // Nearly always the bot's own uin (asked for on every own message): remember the last one.
  if (uin === lastUin) return lastUinId;
  const id = `uin:${createHash('sha256').update(`uin\n${uin}`).digest('hex').slice(0, 16)}`;
  lastUin = uin;
  lastUinId = id;
  return id;
}

let lastUin = Number.NaN;
let lastUinId = '';

/**
 * Every id a contact could be recognised by in a later session, strongest first, without the
 * wxid: `uin:…`, `alias:…`, `name:…` (remark and nickname each). Used to carry learned wxids over.
 */
export function fingerprints(input: StableIdInput): string[] {
  const out: string[] = [];
  if (input.uin !== undefined && input.uin > 0) out.push(uinId(input.uin));
  if (input.alias) out.push(`alias:${input.alias}`);
  if (input.remarkName) out.push(nameId(input.kind, input.remarkName));
  if (input.nickName) out.push(nameId(input.kind, input.nickName));
  return out;
}

/**
 * A contact id that survives re-login wherever the protocol allows. UserNames (`@…`) change on every
 * login, so the id is taken from the first of:
 *
 * 1. the internal wxid, when known (statusNotify code 4 lists, friend-request/card XML) → `wxid_abc`;
 * 2. special accounts → their UserName (`filehelper`), which is already permanent;
 * 3. a non-zero `Uin` → `uin:` + a hash of it (the bot itself, rarely others; the uin is a secret);
 * 4. the WeChat ID (`Alias`) → `alias:alice_1990`;
 * 5. a hash of the remark, else the nickname, with the kind (group / official / person) → `name:1a2b…`;
 * 6. the session UserName (nothing better is known; does not survive re-login).
 *
 * Limits: two contacts with the same remark/nickname and no alias share an id; changing a nickname,
 * remark or alias changes the id; an id can change once in a session when the wxid is learned.
 * See contacts/README.md.
 *
 * @example
 * stableId({ kind: 'friend', userName: '@f1e2…', alias: 'xm_demo' }); // 'alias:xm_demo'
 */
export function stableId(input: StableIdInput): string {
  if (input.wxid && isWxid(input.wxid)) return input.wxid;
  if (input.kind === 'special') return input.userName;
  if (input.uin !== undefined && input.uin > 0) return uinId(input.uin);
  if (input.alias) return `alias:${input.alias}`;
  const name = input.remarkName || input.nickName;
  if (name) return nameId(input.kind, name);
  return input.userName;
}
