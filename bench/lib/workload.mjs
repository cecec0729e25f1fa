/**
 * The benchmark workload of issue 10: texts from friends (private chats) and from members of groups,
 * injected in bursts. Deterministic for a given seed, so wxbot and wechat4u get the same messages.
 *
 * Every text starts with a unique tag `#<id> ` so a reply can be matched to its message even when
 * a client garbles the rest (wechat4u does not decode `&amp;`).
 */

/** Defaults from issue 10: 2,000 texts, 80 % private from 50 friends, 20 % in 5 groups of 200. */
export const DEFAULT_WORKLOAD = Object.freeze({
  total: 2000,
  friends: 50,
  groups: 5,
  groupSize: 200,
  privateShare: 0.8,
  /** Share of texts carrying HTML-escapable characters (`<`, `>`, `&`) and emoji. */
  escapedShare: 1 / 3,
  burstSize: 100,
  burstIntervalMs: 50,
  seed: 20240610,
});

// Texts with characters the server escapes (`<>&`) and emoji (which become <span> markup).
const ESCAPED_BODIES = [
  'a<b and c>d 😀',
  'Tom & Jerry 👍',
  '<b>bold</b> & co 🎉',
  'x > y && y > z',
  'if (a < b) { ok } 😂',
  'AT&T < Verizon? 🇨🇳',
  '1 &lt; 2 typed literally',
  '<<>> 双 & 三 😀😀',
];
const PLAIN_BODIES = [
  'hello there',
  '早上好，今天爬山吗',
  'ping',
  'meeting at 3pm in room 12',
  'ok',
  '收到，谢谢',
  'see you tomorrow',
  'the quick brown fox jumps over the lazy dog',
];

/** Small fast deterministic PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One message of the workload.
 * @typedef {object} WorkItem
 * @property {number} id unique, 0-based
 * @property {'friend' | 'group'} chat kind of chat
 * @property {number} chatIndex friend index (0..friends-1) or group index (0..groups-1)
 * @property {number} senderIndex for groups: member index inside the group (0..groupSize-1); for friends = chatIndex
 * @property {string} text the exact text the contact sends (and the exact text an echo must return)
 * @property {boolean} escaped whether the text has `<>&`/emoji
 */

/**
 * Builds the workload list.
 *
 * @param {Partial<typeof DEFAULT_WORKLOAD>} [options]
 * @returns {WorkItem[]}
 */
export function generateWorkload(options = {}) {
  const o = { ...DEFAULT_WORKLOAD, ...options };
  const rand = prng(o.seed);
  /** @type {WorkItem[]} */
  const items = [];
  for (let id = 0; id < o.total; id++) {
    const isPrivate = o.groups === 0 || rand() < o.privateShare;
    const escaped = rand() < o.escapedShare;
    const bodies = escaped ? ESCAPED_BODIES : PLAIN_BODIES;
    const body = bodies[Math.floor(rand() * bodies.length)];
    if (isPrivate) {
      const chatIndex = Math.floor(rand() * o.friends);
      items.push({ id, chat: 'friend', chatIndex, senderIndex: chatIndex, text: `#${id} ${body}`, escaped });
    } else {
      const chatIndex = Math.floor(rand() * o.groups);
      // Member 0 is reserved for the bot itself in the cast (see sim-glue), senders are 1..groupSize-1.
      const senderIndex = 1 + Math.floor(rand() * (o.groupSize - 1));
      items.push({ id, chat: 'group', chatIndex, senderIndex, text: `#${id} ${body}`, escaped });
    }
  }
  return items;
}

/**
 * Splits the workload into bursts: `burstSize` messages every `burstIntervalMs`.
 * A `burstSize` ≥ total gives one burst (saturation: everything queued at once).
 *
 * @param {readonly WorkItem[]} items
 * @param {{ burstSize: number, burstIntervalMs: number }} pacing
 * @returns {{ atMs: number, items: WorkItem[] }[]}
 */
export function toBursts(items, pacing) {
  const bursts = [];
  for (let i = 0, n = 0; i < items.length; i += pacing.burstSize, n++) {
    bursts.push({ atMs: n * pacing.burstIntervalMs, items: items.slice(i, i + pacing.burstSize) });
  }
  return bursts;
}

/** Reads the `#<id>` tag at the start of a reply; undefined when absent. */
export function tagOf(text) {
  const m = /^#(\d+) /.exec(text);
  return m ? Number(m[1]) : undefined;
}
