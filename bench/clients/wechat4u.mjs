/**
 * The wechat4u half of every client scenario, written to the same spec as the wxbot half
 * (clients/wxbot.mjs): log in through the QR flow, be "ready" once contacts (and group members) are
 * loaded, then either echo every incoming text to its chat, or only count incoming texts.
 *
 * wechat4u is unmodified; only its request URLs are rewritten (lib/wechat4u-adapter.mjs).
 */
import { createWechat4u, stopWechat4u } from '../lib/wechat4u-adapter.mjs';

/**
 * @typedef {object} DriverOptions
 * @property {string} serverUrl simulator base URL
 * @property {'echo' | 'listen' | 'contacts'} mode
 * @property {{ friends: number, groups: number, membersPerGroup: number, texts?: number }} expect
 *   what "ready" means (address book size) and, in listen mode, how many texts to wait for
 * @property {(uuid: string) => void} onUuid
 * @property {() => void} onReady
 * @property {(count: number) => void} onReceivedAll
 * @property {(error: unknown) => void} onError
 */

const MSGTYPE_TEXT = 1;
const SUBMSGTYPE_LOCATION = 48;
const BATCH_MAX = 50;

/**
 * A wechat4u user strips the group prefix wechat4u leaves in `Content` ("{display name}:\n{body}").
 * @param {string} content
 */
function groupBody(content) {
  const i = content.indexOf(':\n');
  return i === -1 ? content : content.slice(i + 2);
}

/**
 * Starts wechat4u against the simulator.
 * @param {DriverOptions} o
 * @returns {Promise<{ stop(): Promise<void> }>}
 */
export async function startClient(o) {
  const bot = createWechat4u({ serverUrl: o.serverUrl });
  // wechat4u asks for every empty group in ONE webwxbatchgetcontact call; the server (and the
  // simulator) take at most 50 per call, so with 200 groups wechat4u never gets members. A wechat4u
  // user would chunk the calls; we do the same on the instance (wechat4u's own method, unmodified).
  const batchGetContact = bot.batchGetContact.bind(bot);
  bot.batchGetContact = async (list) => {
    if (list.length <= BATCH_MAX) return batchGetContact(list);
    const out = [];
    for (let i = 0; i < list.length; i += BATCH_MAX)
      out.push(...(await batchGetContact(list.slice(i, i + BATCH_MAX))));
    return out;
  };
  let ready = false;
  let received = 0;

  const checkReady = () => {
    if (ready || bot.state !== 'login') return;
    let friends = 0;
    let groups = 0;
    for (const key in bot.contacts) {
      const c = bot.contacts[key];
      if (key.startsWith('@@')) {
        if ((c.MemberList?.length ?? 0) < o.expect.membersPerGroup) return;
        groups++;
      } else if (key.startsWith('@') && (c.ContactFlag & 1) === 1 && !c.isSelf) {
        friends++;
      }
    }
    if (friends >= o.expect.friends && groups >= o.expect.groups) {
      ready = true;
      o.onReady();
    }
  };

  bot.on('uuid', (uuid) => o.onUuid(uuid));
  bot.on('login', checkReady);
  bot.on('contacts-updated', checkReady);
  bot.on('error', (err) => o.onError(err?.tips ? `${err.tips}: ${err.message}` : err));

  if (o.mode === 'echo') {
    bot.on('message', (msg) => {
      if (msg.MsgType !== MSGTYPE_TEXT || msg.SubMsgType === SUBMSGTYPE_LOCATION || msg.isSendBySelf) return;
      const isGroup = msg.FromUserName.startsWith('@@');
      const text = isGroup ? groupBody(msg.Content) : msg.Content;
      bot.sendMsg(text, msg.FromUserName).catch((err) => o.onError(err));
    });
  } else if (o.mode === 'listen') {
    const target = o.expect.texts ?? 0;
    bot.on('message', (msg) => {
      if (msg.MsgType !== MSGTYPE_TEXT || msg.isSendBySelf) return;
      received++;
      if (received === target) o.onReceivedAll(received);
    });
  }

  bot.start();
  return {
    stop: () => stopWechat4u(bot),
  };
}
