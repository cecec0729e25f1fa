import type { BuildEnv, WireMessageRecord, WireRecommendInfo } from '../types.js';

/** The all-empty `RecommendInfo` every non-card message carries. */
export function emptyRecommendInfo(): WireRecommendInfo {
  return {
    UserName: '',
    NickName: '',
    QQNum: 0,
    Province: '',
    City: '',
    Content: '',
    Signature: '',
    Alias: '',
    Scene: 0,
    VerifyFlag: 0,
    AttrStatus: 0,
    Sex: 0,
    Ticket: '',
    OpCode: 0,
  };
}

/** Per-kind values a builder sets on top of the defaults. */
export type RecordFields = Partial<WireMessageRecord>;

/**
 * A complete record in wire order: ids, direction and time from `env`, defaults for everything else
 * (Status 3, ImgStatus 1, zero/empty fields), then `fields` on top. `Content` is taken as final.
 */
export function makeRecord(env: BuildEnv, fields: RecordFields): WireMessageRecord {
  const record: WireMessageRecord = {
    MsgId: env.msgId,
    FromUserName: env.fromUserName,
    ToUserName: env.toUserName,
    MsgType: 1,
    Content: '',
    Status: 3,
    ImgStatus: 1,
    CreateTime: env.createTime,
    VoiceLength: 0,
    PlayLength: 0,
    FileName: '',
    FileSize: '',
    MediaId: '',
    Url: '',
    AppMsgType: 0,
    StatusNotifyCode: 0,
    StatusNotifyUserName: '',
    RecommendInfo: emptyRecommendInfo(),
    ForwardFlag: 0,
    AppInfo: { AppID: '', Type: 0 },
    HasProductId: 0,
    Ticket: '',
    ImgHeight: 0,
    ImgWidth: 0,
    SubMsgType: 0,
    NewMsgId: env.newMsgId,
    OriContent: '',
    EncryFileName: '',
  };
  // Assign one by one so the key order above is kept whatever order `fields` has.
  for (const key of Object.keys(fields) as Array<keyof WireMessageRecord>) {
    const value = fields[key];
    if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  }
  return record;
}

/** Prefix `content` with `@sender:<br/>` when the env says the message comes from a group member. */
export function withGroupPrefix(env: BuildEnv, content: string): string {
  return env.groupSenderUserName ? `${env.groupSenderUserName}:<br/>${content}` : content;
}

/** Text the web shows instead of kinds it cannot display (chat history, location sharing, …). */
export const UNSUPPORTED_PLACEHOLDER = '该类型暂不支持，请在手机上查看';
