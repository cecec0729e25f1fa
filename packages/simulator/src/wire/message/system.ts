import { randomInt } from 'node:crypto';
import { cdata, escapeContent, escapeXmlPayload, xmlText } from '../escape.js';
import type {
  FriendAddedSpec,
  GroupInviteSpec,
  GroupQrJoinSpec,
  GroupRemoveSpec,
  GroupRenameSpec,
  PatSpec,
  RecallSpec,
  StatusNotifySpec,
  SystemLang,
} from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { makeRecord, withGroupPrefix } from './base.js';

/** A MsgType 10000 grey line: plain text escaped like any Content, no group prefix (§6.4). */
export function buildSystemText(text: string, env: BuildEnv, status = 3): WireMessageRecord {
  return makeRecord(env, { MsgType: 10000, Content: escapeContent(text), Status: status });
}

const en = (lang: SystemLang | undefined): boolean => lang === 'en_US';

/** Text of a "new friend" notice. */
export function friendAddedText(spec: FriendAddedSpec): string {
  if (spec.by === 'them') {
    return en(spec.lang)
      ? `${spec.name} just added you to his/her contacts list. Send a message to him/her now!`
      : `${spec.name}刚刚把你添加到通讯录，现在可以开始聊天了。`;
  }
  return en(spec.lang)
    ? `You have added ${spec.name} as your WeChat contact. Start chatting!`
    : `你已添加了${spec.name}，现在可以开始聊天了。`;
}

/** The stranger warning that follows an accepted request. */
export const STRANGER_WARNING = '如果陌生人主动添加你为朋友，请谨慎核实对方身份。';

/** Text of a group invitation notice (trailing spaces as the server writes them). */
export function groupInviteText(spec: GroupInviteSpec): string {
  const names = spec.invitees.join('、');
  if (spec.youWereInvited) {
    const inviter = spec.inviter ?? '';
    return `"${inviter}"邀请你加入了群聊，群聊参与人还有：${names}`;
  }
  if (spec.inviter === undefined) {
    return en(spec.lang) ? `You invited ${names} to the group chat.   ` : `你邀请"${names}"加入了群聊  `;
  }
  return en(spec.lang)
    ? `${spec.inviter} invited ${names} to the group chat`
    : `"${spec.inviter}"邀请"${names}"加入了群聊`;
}

/** Text of a QR-code join notice. */
export function groupQrJoinText(spec: GroupQrJoinSpec): string {
  if (spec.sharer === undefined) {
    return en(spec.lang)
      ? `"${spec.joiner}" joined the group chat via your shared QR Code.`
      : `"${spec.joiner}"通过扫描你分享的二维码加入群聊  `;
  }
  return en(spec.lang)
    ? `"${spec.joiner}" joined the group chat via the QR Code shared by "${spec.sharer}".`
    : `"${spec.joiner}"通过扫描"${spec.sharer}"分享的二维码加入群聊`;
}

/** Text of a removal notice (one per removed member). */
export function groupRemoveText(spec: GroupRemoveSpec): string {
  if (spec.botRemovedBy !== undefined) {
    return en(spec.lang)
      ? `You were removed from the group chat by "${spec.botRemovedBy}"`
      : `你被"${spec.botRemovedBy}"移出群聊`;
  }
  const member = spec.member ?? '';
  return en(spec.lang) ? `You removed "${member}" from the group chat` : `你将"${member}"移出了群聊`;
}

/** Text of a rename notice. */
export function groupRenameText(spec: GroupRenameSpec): string {
  if (spec.by === undefined) {
    return en(spec.lang) ? `You changed the group name to "${spec.topic}"` : `你修改群名为“${spec.topic}”`;
  }
  return en(spec.lang)
    ? `"${spec.by}" changed the group name to "${spec.topic}"`
    : `"${spec.by}"修改群名为“${spec.topic}”`;
}

/** Text of a pat notice. */
export function patText(spec: PatSpec): string {
  return `"${spec.name}" 拍了拍我`;
}

/**
 * MsgType 10002 recall (§6.4): escaped `<sysmsg type="revokemsg">` with `<br/>\t` layout; `session`
 * is the internal id of the chat (`…@chatroom` for groups, else the author's wxid). Status 4.
 */
export function buildRecall(spec: RecallSpec, env: BuildEnv): WireMessageRecord {
  const session = env.chatRoomWxid ?? env.senderWxid;
  const byBot = env.fromUserName === env.selfUserName && !env.groupSenderUserName;
  const author = env.groupSenderUserName ?? env.fromUserName;
  const name = spec.name ?? env.lookup(author)?.nickName ?? '';
  const replace = byBot && spec.name === undefined ? '你撤回了一条消息' : `"${name}" 撤回了一条消息`;
  const oldMsgId = spec.oldMsgId ?? randomInt(1_000_000_000, 2_147_483_647);
  const xml =
    '<sysmsg type="revokemsg">\n\t<revokemsg>\n' +
    `\t\t<session>${xmlText(session)}</session>\n` +
    `\t\t<oldmsgid>${oldMsgId}</oldmsgid>\n` +
    `\t\t<msgid>${xmlText(spec.msgId)}</msgid>\n` +
    `\t\t<replacemsg>${cdata(replace)}</replacemsg>\n` +
    '\t</revokemsg>\n</sysmsg>\n';
  return makeRecord(env, {
    MsgType: 10002,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    Status: 4,
  });
}

/**
 * MsgType 51 (§6.4). Code 4: From = To = the bot, `StatusNotifyUserName` = the chats' UserNames
 * joined by `,`, Content = the `<op id='4'>` XML listing their wxids in the same order. Other codes:
 * From = the bot, To = `chat`, empty Content.
 */
export function buildStatusNotify(spec: StatusNotifySpec, env: BuildEnv): WireMessageRecord {
  const self = env.selfUserName;
  if (spec.code !== 4) {
    const chat = spec.chat ?? env.toUserName;
    return makeRecord(env, {
      FromUserName: self,
      ToUserName: chat,
      MsgType: 51,
      StatusNotifyCode: spec.code,
      StatusNotifyUserName: chat,
    });
  }
  const chats = spec.chats ?? [];
  // Unknown UserNames keep their own text so the two lists stay index-aligned.
  const wxids = chats.map((u) => env.lookup(u)?.wxid ?? u);
  const unread = (spec.unread ?? [])
    .map(
      (c) =>
        `<chat>\n<username>${xmlText(c.wxid)}</username>\n<lastreadtime>${c.lastReadTime}</lastreadtime>\n</chat>\n`,
    )
    .join('');
  const xml =
    `<msg>\n<op id='4'>\n<username>${xmlText(wxids.join(','))}</username>\n` +
    `<unreadchatlist>\n${unread}</unreadchatlist>\n<unreadfunctionlist>\n</unreadfunctionlist>\n</op>\n</msg>`;
  return makeRecord(env, {
    FromUserName: self,
    ToUserName: self,
    MsgType: 51,
    Content: escapeXmlPayload(xml),
    StatusNotifyCode: 4,
    StatusNotifyUserName: chats.join(','),
  });
}
