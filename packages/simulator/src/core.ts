import { SimulatorError as SimError } from './errors.js';
import { Faults } from './faults.js';
import type { MainHost } from './hosts.js';
import { Logins } from './logins.js';
import { DEFAULT_BYTES, type MediaBlob, MediaStore } from './media.js';
import type { ResolvedOptions } from './options.js';
import { Records } from './records.js';
import { SendWindow } from './send-window.js';
import type { SentMessage } from './sent.js';
import { type LoginMode, Session, type SessionStatus } from './session.js';
import { AccountSyncCounters, type SyncEvent } from './sync-log.js';
import {
  type BuildEnv,
  buildMessage,
  newMsgIds,
  type PhoneMessageSpec,
  type ProfileChange,
  type WireMessageRecord,
} from './wire/index.js';
import { type ContactState, World } from './world.js';

/** A notable thing that happened (printed by `wxbot-sim`, available through `sim.onEvent`). */
export interface SimulatorEvent {
  /** e.g. `login.uuid`, `login.scan`, `login.confirm`, `session.start`, `session.end`, `bot.sent`, `phone.sent`. */
  type: string;
  /** One human-readable line (never contains secrets). */
  message: string;
}

/** Where a phone message goes. */
export interface DeliverTarget {
  /** Author wxid (a contact, or the bot's own account for "sent from the phone"). */
  from: string;
  /** Receiver wxid (the bot, a peer or a group when the author is the bot). */
  to: string;
  /** Group wxid when the message is said in a group by a member. */
  group?: string;
}

/** A message that was put into the bot's sync stream. */
export interface DeliveredMessage {
  msgId: string;
  newMsgId: bigint;
  record: WireMessageRecord;
}

const SYSTEM_KINDS = new Set([
  'friendAdded',
  'strangerWarning',
  'groupInvite',
  'groupQrJoin',
  'groupRemove',
  'groupRename',
  'pat',
  'locationShareEnded',
  'selfRecalled',
  'systemText',
  'redPacket',
]);

/** The shared state behind one simulator: world, sessions, media, faults and the sent log. */
export class SimCore {
  readonly world: World;
  readonly records: Records;
  readonly media = new MediaStore();
  readonly faults = new Faults();
  readonly logins = new Logins();
  /** Timers to cancel on close (auto-confirm etc.). */
  readonly timers = new Set<NodeJS.Timeout>();
  readonly sessions = new Map<string, Session>();
  current: Session | undefined;
  readonly sent: SentMessage[] = [];
  /** Auth ticket for push login; exists once the account logged in on the web. */
  authTicket: string | undefined;
  readonly uvid: string;
  webLoginAllowed: boolean;
  /** Pending friend requests: ticket → requester wxid. */
  readonly friendRequests = new Map<string, string>();
  /** Friend requests the bot sent (webwxverifyuser Opcode 2). */
  readonly friendRequestsSent: Array<{ wxid: string; greeting: string }> = [];
  /** Refuse the next N newloginpage calls with 1203 regardless of mode. */
  force1203 = 0;
  /**
   * The "restricted account" switch (2025 reports): every fresh login (QR or push) is ended by
   * the server `kickAfterMs` after it started, and its synccheck answers 1102.
   */
  restriction: { readonly kickAfterMs: number } | undefined;
  /**
   * Refuse desktop-mode logins the way unverified accounts are refused (no real name / WeChat
   * Pay): `webwxnewloginpage` answers HTTP 301 with no Location header.
   */
  desktopEnvironmentRefused = false;
  /** The account's SyncKey counters: they continue across logins. */
  syncCounters: AccountSyncCounters | undefined;
  private readonly listeners = new Set<(e: SimulatorEvent) => void>();
  private readonly sentWaiters = new Set<() => void>();
  private readonly sendWindow = new SendWindow();

  constructor(readonly opts: ResolvedOptions) {
    const a = opts.account;
    this.world = new World({ wxid: a.wxid, nickName: a.nickName, sex: a.sex, signature: a.signature });
    this.records = new Records(this.world, a.uin);
    this.webLoginAllowed = a.webLoginAllowed;
    this.uvid = Buffer.from(a.wxid).toString('hex').padEnd(64, '0').slice(0, 64);
    this.world.userNameOf = (wxid) => {
      const s = this.requireSession();
      return this.records.userName(s, this.world.get(wxid));
    };
  }

  /** setTimeout that is cancelled when the simulator closes. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  get now(): number {
    return this.opts.now();
  }

  get mainHost(): MainHost {
    return this.opts.account.mainHost;
  }

  /** Subscribes to notable events. */
  onEvent(fn: (e: SimulatorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(type: string, message: string): void {
    for (const l of this.listeners) l({ type, message });
  }

  /** The active session, if any. */
  get session(): Session | undefined {
    return this.current?.status === 'active' ? this.current : undefined;
  }

  /** The active session or a `NO_SESSION` error. */
  requireSession(): Session {
    const s = this.session;
    if (!s) throw new SimError('NO_SESSION', 'nobody is logged in');
    return s;
  }

  /** Starts a new session (a new login): every `@…` id is regenerated; the old session gets 1101. */
  startSession(mode: LoginMode): Session {
    if (this.current?.status === 'active') this.endSession(this.current, 'replaced');
    this.syncCounters ??= new AccountSyncCounters(Math.floor(this.now / 1000));
    const s = new Session(
      this.opts.account.uin,
      this.mainHost,
      mode,
      this.now,
      this.opts.backlogLimit,
      this.syncCounters,
    );
    this.sessions.set(s.sid, s);
    this.current = s;
    const restriction = this.restriction;
    if (restriction) {
      this.later(restriction.kickAfterMs, () => {
        if (s.status !== 'active') return;
        this.emit('session.restricted', 'risk control: the fresh login is kicked (synccheck 1102)');
        this.endSession(s, 'restricted');
      });
    }
    this.authTicket ??= `${Buffer.from(String(this.opts.account.uin)).toString('base64')}${s.dataTicket}`;
    this.emit('session.start', `bot logged in (${mode} mode) on ${this.mainHost}`);
    return s;
  }

  /** Ends a session with a status (wakes its held synccheck). */
  endSession(s: Session, status: SessionStatus): void {
    if (s.status !== 'active') return;
    s.status = status;
    s.log.wakeAll();
    this.emit('session.end', `session ended: ${status}`);
  }

  /** The contact behind a session UserName. */
  contactByUserName(s: Session, userName: string): ContactState | undefined {
    const wxid = s.wxidOf(userName) ?? (this.world.contacts.has(userName) ? userName : undefined);
    if (!wxid) return undefined;
    const c = this.world.contacts.get(wxid);
    // A special id is only valid as itself; an @id only if minted by this session.
    if (c && !userName.startsWith('@') && this.records.userName(s, c) !== userName) return undefined;
    return c;
  }

  /** Builds a message in the real format and queues it for the bot's next sync. */
  deliver(target: DeliverTarget, spec: PhoneMessageSpec, selector = 2): DeliveredMessage {
    const s = this.requireSession();
    const from = this.world.get(target.from);
    const to = this.world.get(target.to);
    const group = target.group ? this.world.get(target.group) : undefined;
    const self = this.world.self;
    const { msgId, newMsgId } = newMsgIds();
    const isSystem = SYSTEM_KINDS.has(spec.kind);
    const chatRoom =
      group ?? (to.kind === 'group' ? to : undefined) ?? (from.kind === 'group' ? from : undefined);
    const env: BuildEnv = {
      msgId,
      newMsgId,
      createTime: Math.floor(this.now / 1000),
      fromUserName: this.records.userName(s, group ?? from),
      toUserName: this.records.userName(s, to),
      ...(group && !isSystem && from.kind !== 'self'
        ? { groupSenderUserName: this.records.userName(s, from) }
        : {}),
      senderWxid: from.wxid,
      receiverWxid: to.wxid,
      ...(chatRoom ? { chatRoomWxid: chatRoom.wxid } : {}),
      selfUserName: this.records.userName(s, self),
      lookup: (un) => {
        const c = this.contactByUserName(s, un);
        return c ? this.records.info(s, c, chatRoom?.wxid) : undefined;
      },
    };
    const record = buildMessage(spec, env);
    this.registerMedia(record, spec);
    s.log.append({ type: 'msg', selector, record });
    return { msgId, newMsgId, record };
  }

  /** Queues a raw record (used for echoes of what the bot sent). */
  queueRecord(s: Session, record: WireMessageRecord, selector = 2): SyncEvent {
    return s.log.append({ type: 'msg', selector, record });
  }

  /** Queues a ModContactList entry for a contact (selector 4 unless told). */
  pushMod(wxid: string, selector = 4): void {
    this.session?.log.append({ type: 'mod', selector, wxid });
  }

  /** Queues a DelContactList entry. */
  pushDel(wxid: string): void {
    const s = this.session;
    if (!s) return;
    const c = this.world.get(wxid);
    s.log.append({ type: 'del', selector: 4, userName: this.records.userName(s, c) });
  }

  /** Pending profile change, delivered with the next sync. */
  profileChange: ProfileChange | undefined;

  /** Queues a Profile change of the bot account. */
  pushProfile(change: ProfileChange): void {
    this.profileChange = { ...this.profileChange, ...change };
    this.session?.log.append({ type: 'profile', selector: 4 });
  }

  /** The recent-chat list used by webwxinit and the statusNotify code 4 message. */
  recentChats(): ContactState[] {
    const w = this.world;
    return [
      w.get('filehelper'),
      ...w.groupsWithSelf(),
      ...w.list('friend').slice(0, 20),
      ...w.list('official').filter((c) => c.wxid !== 'weixin'),
    ];
  }

  /** Records a bot send for the phone and wakes `waitForSent`. */
  recordSent(m: SentMessage): void {
    this.sent.push(m);
    for (const w of [...this.sentWaiters]) w();
  }

  /** Registers a wake-up for new sent messages. */
  onSent(fn: () => void): () => void {
    this.sentWaiters.add(fn);
    return () => this.sentWaiters.delete(fn);
  }

  /** True when a send is allowed by the optional rate limit (records it). */
  allowSend(): boolean {
    const lim = this.opts.sendRateLimit;
    return !lim || this.sendWindow.take(lim, this.now);
  }

  private registerMedia(record: WireMessageRecord, spec: PhoneMessageSpec): void {
    const blob = mediaBlobOf(spec);
    if (!blob) return;
    this.media.byMsgId.set(record.MsgId, blob);
    if (record.MediaId) {
      this.media.byMediaId.set(record.MediaId, {
        ...blob,
        mediaId: record.MediaId,
        md5: '',
        uploadedBy: record.FromUserName,
      });
    }
  }
}

// What the phone's media messages serve for download: the spec's bytes, or a small default file.
const MEDIA_KINDS = {
  image: { fallback: DEFAULT_BYTES.jpeg, mime: 'image/jpeg', fileName: 'image.jpg' },
  emoticon: { fallback: DEFAULT_BYTES.gif, mime: 'image/gif', fileName: 'emoticon.gif' },
  voice: { fallback: DEFAULT_BYTES.mp3, mime: 'audio/mpeg', fileName: 'voice.mp3' },
  video: { fallback: DEFAULT_BYTES.mp4, mime: 'video/mp4', fileName: 'video.mp4' },
} as const;

// App messages with a thumbnail (downloaded with webwxgetmsgimg).
const THUMB_KINDS: ReadonlySet<string> = new Set(['link', 'article', 'miniProgram', 'music']);

function mediaBlobOf(spec: PhoneMessageSpec): MediaBlob | undefined {
  if (spec.kind === 'image' || spec.kind === 'emoticon' || spec.kind === 'voice' || spec.kind === 'video') {
    const kind = MEDIA_KINDS[spec.kind];
    const blob: MediaBlob = {
      bytes: Buffer.from(spec.data ?? kind.fallback),
      mime: kind.mime,
      fileName: kind.fileName,
    };
    return spec.kind === 'video' ? { ...blob, thumb: DEFAULT_BYTES.jpeg } : blob;
  }
  if (spec.kind === 'file') {
    return {
      bytes: Buffer.from(spec.data ?? DEFAULT_BYTES.file),
      mime: 'application/octet-stream',
      fileName: spec.name,
    };
  }
  if (THUMB_KINDS.has(spec.kind))
    return { bytes: DEFAULT_BYTES.jpeg, mime: 'image/jpeg', fileName: 'thumb.jpg' };
  return undefined;
}
