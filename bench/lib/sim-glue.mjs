/**
 * The only bench file that knows the simulator's API: start it with a cast, confirm a login, make
 * contacts send texts, and watch what the bot sends.
 *
 * `@wxbot/simulator` is loaded from its build (`dist/`, after `pnpm build`). Set
 * `WXBOT_BENCH_SIMULATOR=/abs/path/to/index.js` to load another build (e.g. a private tsc output).
 */
import { nowMs } from './measure.mjs';

const { createSimulator } = await import(process.env.WXBOT_BENCH_SIMULATOR ?? '@wxbot/simulator');

/**
 * Starts a simulator for benchmarks: realistic holds (25 s long-polls, like the real server) and a
 * sync backlog big enough for the saturation run (20,000 texts + 20,000 echoed replies).
 *
 * @param {object} [options] extra `createSimulator` options
 */
export async function startSim(options = {}) {
  return createSimulator({ backlogLimit: 200_000, ...options });
}

/**
 * The bench cast: `friends` friends, and `groups` groups of `groupSize` members — the bot plus
 * `groupSize - 1` other people who are not friends. Member index 0 is the bot (see workload.mjs).
 *
 * @param {any} sim
 * @param {{ friends: number, groups: number, groupSize: number }} shape
 */
export async function buildCast(sim, shape) {
  const friends = [];
  for (let i = 0; i < shape.friends; i++) {
    friends.push(sim.phone.addFriend({ wxid: `wxid_benchf${i}`, nickName: `friend ${i}` }).wxid);
  }
  const groups = [];
  for (let g = 0; g < shape.groups; g++) {
    const members = [];
    for (let j = 1; j < shape.groupSize; j++) {
      members.push(
        sim.phone.addStranger({ wxid: `wxid_benchg${g}m${j}`, nickName: `member ${g}-${j}` }).wxid,
      );
    }
    groups.push({
      wxid: sim.phone.addGroup({ wxid: `${1000000 + g}@chatroom`, topic: `bench group ${g}`, members }).wxid,
      members,
    });
  }
  return { sim, friends, groups, userNames: new Map() };
}

/** The phone scans and confirms the login attempt `uuid`. */
export async function confirmLogin(sim, uuid) {
  sim.phone.login(uuid);
}

/**
 * The contact of `item` sends its text (a friend privately, or a member in a group).
 * @param {any} sim
 * @param {Awaited<ReturnType<typeof buildCast>>} cast
 * @param {import('./workload.mjs').WorkItem} item
 */
export function injectText(sim, cast, item) {
  if (item.chat === 'friend') {
    sim.phone.say(/** @type {string} */ (cast.friends[item.chatIndex]), item.text);
  } else {
    const group = cast.groups[item.chatIndex];
    if (!group) throw new Error(`no group ${item.chatIndex}`);
    sim.phone.sayInGroup(group.wxid, /** @type {string} */ (group.members[item.senderIndex - 1]), item.text);
  }
}

/**
 * The session UserName of the chat a reply to `item` must go to (cached; valid for the current login).
 * @param {Awaited<ReturnType<typeof buildCast>>} cast
 * @param {import('./workload.mjs').WorkItem} item
 */
export function userNameOfChat(cast, item) {
  const wxid = item.chat === 'friend' ? cast.friends[item.chatIndex] : cast.groups[item.chatIndex]?.wxid;
  if (wxid === undefined) throw new Error('workload chat outside the cast');
  let name = cast.userNames.get(wxid);
  if (name === undefined) {
    name = cast.sim.phone.contact(wxid).userName;
    cast.userNames.set(wxid, name);
  }
  return name;
}

/**
 * Calls `fn` for every text the bot sends from now on, with the arrival time (nowMs()).
 * Returns the unsubscribe function.
 *
 * @param {any} sim
 * @param {(sent: { to: string, text: string, atMs: number }) => void} fn
 */
export function onBotText(sim, fn) {
  let seen = sim.phone.sent.length;
  return sim.onEvent((e) => {
    if (e.type !== 'bot.sent') return;
    const at = nowMs();
    const all = sim.phone.sent;
    for (; seen < all.length; seen++) {
      const m = all[seen];
      if (m.kind === 'text') fn({ to: m.toUserName, text: m.text, atMs: at });
    }
  });
}

/** Stops the simulator (drops held long-polls). */
export async function closeSim(sim) {
  await sim.close();
}

/**
 * Counts the client's requests per endpoint from now on (diagnostics: requests per message).
 * Hooks the simulator's per-request fault lookup, which every routed request passes through.
 * @param {any} sim
 * @returns {{ counts: Record<string, number>, total(): number }}
 */
export function countRequests(sim) {
  /** @type {Record<string, number>} */
  const counts = {};
  const take = sim.faults.take.bind(sim.faults);
  sim.faults.take = (endpoint) => {
    counts[endpoint] = (counts[endpoint] ?? 0) + 1;
    return take(endpoint);
  };
  return { counts, total: () => Object.values(counts).reduce((a, b) => a + b, 0) };
}
