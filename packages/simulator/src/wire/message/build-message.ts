import type { PhoneMessageSpec } from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { buildFile, buildLink, buildMiniProgram, buildMusic } from './app.js';
import { buildArticle, buildChatHistory, buildRealtimeLocation, buildTransfer } from './app-push.js';
import { makeRecord } from './base.js';
import { buildCard, buildFriendRequest } from './card.js';
import { buildEmoticon, buildImage, buildVideo, buildVoice } from './media.js';
import {
  buildRecall,
  buildStatusNotify,
  buildSystemText,
  friendAddedText,
  groupInviteText,
  groupQrJoinText,
  groupRemoveText,
  groupRenameText,
  patText,
  STRANGER_WARNING,
} from './system.js';
import { buildLocation, buildQuote, buildText } from './text.js';

/**
 * Build the exact server record for a message the phone side sends: every §6.1 field present, in wire
 * order, Content encoded per kind (escaping, `<br/>` layout, group prefix from
 * `env.groupSenderUserName`). A few kinds fix their own direction: `friendRequest` comes from
 * `fmessage`, `statusNotify` from the bot. Serialize with {@link toWireJson}.
 *
 * @example
 * const rec = buildMessage({ kind: 'text', text: '明天早上八点集合👍' },
 *   { ...env, fromUserName: group.userName, groupSenderUserName: alice.userName });
 * rec.Content; // '@f1e2…:<br/>明天早上八点集合<span class="emoji emoji1f44d"></span>'
 */
export function buildMessage(spec: PhoneMessageSpec, env: BuildEnv): WireMessageRecord {
  switch (spec.kind) {
    case 'text':
      return buildText(spec, env);
    case 'quote':
      return buildQuote(spec, env);
    case 'location':
      return buildLocation(spec, env);
    case 'image':
      return buildImage(spec, env);
    case 'voice':
      return buildVoice(spec, env);
    case 'video':
      return buildVideo(spec, env);
    case 'emoticon':
      return buildEmoticon(spec, env);
    case 'card':
      return buildCard(spec, env);
    case 'friendRequest':
      return buildFriendRequest(spec, env);
    case 'link':
      return buildLink(spec, env);
    case 'miniProgram':
      return buildMiniProgram(spec, env);
    case 'music':
      return buildMusic(spec, env);
    case 'file':
      return buildFile(spec, env);
    case 'transfer':
      return buildTransfer(spec, env);
    case 'article':
      return buildArticle(spec, env);
    case 'chatHistory':
      return buildChatHistory(spec, env);
    case 'realtimeLocation':
      return buildRealtimeLocation(spec, env);
    case 'redPacket':
      return buildSystemText(spec.sent ? '发出红包，请在手机上查看' : '收到红包，请在手机上查看', env);
    case 'friendAdded':
      return buildSystemText(friendAddedText(spec), env, 4);
    case 'strangerWarning':
      return buildSystemText(STRANGER_WARNING, env, 4);
    case 'groupInvite':
      return buildSystemText(groupInviteText(spec), env);
    case 'groupQrJoin':
      return buildSystemText(groupQrJoinText(spec), env);
    case 'groupRemove':
      return buildSystemText(groupRemoveText(spec), env);
    case 'groupRename':
      return buildSystemText(groupRenameText(spec), env);
    case 'pat':
      return buildSystemText(patText(spec), env);
    case 'locationShareEnded':
      return buildSystemText('位置共享已经结束', env, 4);
    case 'selfRecalled':
      return buildSystemText('你撤回了一条消息', env);
    case 'systemText':
      return buildSystemText(spec.text, env, spec.status ?? 3);
    case 'recall':
      return buildRecall(spec, env);
    case 'statusNotify':
      return buildStatusNotify(spec, env);
    case 'raw':
      return makeRecord(env, spec.fields);
  }
}
