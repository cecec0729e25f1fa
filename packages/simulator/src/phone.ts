import { makeFriend } from './api-ops.js';
import type { DeliveredMessage, SimCore } from './core.js';
import { SimulatorError } from './errors.js';
import { randomHex } from './ids.js';
import { phoneConfirm, phoneScan } from './login-handlers.js';
import type { PendingLogin } from './logins.js';
import type { SentMessage } from './sent.js';
import type { PhoneMessageSpec } from './wire/index.js';
import type { ContactHandle, ContactState, GroupInit, OfficialInit, PersonInit } from './world.js';

/** A contact reference accepted by the phone: a handle or a wxid. */
export type ContactRef = ContactHandle | string;

/** A message spec, or a plain string for a text message. */
export type SpecOrText = PhoneMessageSpec | string;

const toSpec = (s: SpecOrText): PhoneMessageSpec => (typeof s === 'string' ? { kind: 'text', text: s } : s);
const idOf = (r: ContactRef): string => (typeof r === 'string' ? r : r.wxid);

/**
 * The scripted phone (`sim.phone`): the account's owner and everybody they know. Create contacts,
 * drive logins, make anyone send anything, and read back what the bot sent.
 *
 * @example
 * const alice = sim.phone.addFriend({ nickName: 'Alice' });
 * sim.phone.login();                        // scan + confirm the pending QR
 * sim.phone.say(alice, 'ping');
 * const reply = await sim.phone.waitForSent((m) => m.to.wxid === alice.wxid);
 */
export class Phone {
  constructor(private readonly core: SimCore) {}

  // ── contacts ────────────────────────────────────────────────────────────────────────────────

  /** The bot account itself. */
  get self(): ContactHandle {
    return this.core.world.handle(this.core.world.selfWxid);
  }

  /** Adds a friend (arrives as ModContactList when someone is logged in). */
  addFriend(init: PersonInit): ContactHandle {
    const c = this.core.world.addPerson(init, true);
    this.core.pushMod(c.wxid);
    return this.core.world.handle(c.wxid);
  }

  /** Adds a person who is not a friend (e.g. a group member only). */
  addStranger(init: PersonInit): ContactHandle {
    const c = this.core.world.addPerson(init, false);
    return this.core.world.handle(c.wxid);
  }

  /** Adds an official account (公众号). */
  addOfficial(init: OfficialInit): ContactHandle {
    const c = this.core.world.addOfficial(init);
    this.core.pushMod(c.wxid);
    return this.core.world.handle(c.wxid);
  }

  /** Adds (or returns) a special account such as `filehelper`, `weixin`, `newsapp`. */
  addSpecial(id: string, nickName?: string): ContactHandle {
    const c = this.core.world.addSpecial(id, nickName);
    return this.core.world.handle(c.wxid);
  }

  /** Adds a group the bot is in (arrives as ModContactList when someone is logged in). */
  addGroup(init: GroupInit): ContactHandle {
    const g = this.core.world.addGroup(init);
    this.core.pushMod(g.wxid);
    return this.core.world.handle(g.wxid);
  }

  /** A handle by wxid (throws `UNKNOWN_CONTACT`). */
  contact(wxid: string): ContactHandle {
    return this.core.world.handle(wxid);
  }

  /** The first contact with this NickName or RemarkName. */
  find(name: string): ContactHandle | undefined {
    for (const c of this.core.world.contacts.values()) {
      if (c.nickName === name || (c.remarkName && c.remarkName === name))
        return this.core.world.handle(c.wxid);
    }
    return undefined;
  }

  /** Every contact (including the bot, specials and groups). */
  get contacts(): ContactHandle[] {
    return [...this.core.world.contacts.keys()].map((id) => this.core.world.handle(id));
  }

  /** Members of a group, as handles. */
  members(group: ContactRef): ContactHandle[] {
    return this.group(group).members.map((m) => this.core.world.handle(m.wxid));
  }

  /**
   * Renames a contact or a group. A group rename also posts the 10000 line
   * `"{by}"修改群名为“{topic}”` (`by` = a member, default the owner).
   */
  rename(ref: ContactRef, name: string, opts: { by?: ContactRef } = {}): void {
    const c = this.core.world.get(idOf(ref));
    if (c.kind === 'self') {
      this.setSelfNickName(name);
      return;
    }
    c.nickName = name;
    if (c.kind === 'group' && this.core.session) {
      const byWxid = opts.by ? idOf(opts.by) : c.ownerWxid;
      const spec: PhoneMessageSpec =
        byWxid === this.core.world.selfWxid
          ? { kind: 'groupRename', topic: name }
          : { kind: 'groupRename', topic: name, by: this.core.world.get(byWxid).nickName };
      this.core.deliver({ from: c.wxid, to: this.core.world.selfWxid }, spec);
    }
    this.core.pushMod(c.wxid);
  }

  /** Sets the remark name the bot's account uses for a contact. */
  setRemark(ref: ContactRef, remark: string): void {
    const c = this.core.world.get(idOf(ref));
    c.remarkName = remark;
    this.core.pushMod(c.wxid);
  }

  /** Changes the bot account's own nickname (Profile BitFlag 190 in the next sync). */
  setSelfNickName(name: string): void {
    this.core.world.self.nickName = name;
    this.core.pushProfile({ nickName: name });
  }

  /**
   * Adds members to a group: the 10000 invite line plus the group as ModContactList.
   * `inviter` defaults to the bot (`你邀请"…"加入了群聊`).
   */
  addMembers(group: ContactRef, members: ContactRef[], opts: { inviter?: ContactRef } = {}): void {
    const g = this.group(group);
    const ids = members.map(idOf).filter((id) => !g.members.some((m) => m.wxid === id));
    for (const id of ids) {
      const c = this.core.world.get(id);
      if (c.kind !== 'friend' && c.kind !== 'stranger')
        throw new SimulatorError('BAD_MEMBER', `${id} is not a person`);
      g.members.push({ wxid: id, displayName: '' });
    }
    if (ids.length === 0) return;
    if (this.core.session) {
      const invitees = ids.map((id) => this.core.world.get(id).nickName);
      const inviter = opts.inviter ? this.core.world.get(idOf(opts.inviter)) : undefined;
      const spec: PhoneMessageSpec =
        inviter && inviter.kind !== 'self'
          ? { kind: 'groupInvite', inviter: inviter.nickName, invitees }
          : { kind: 'groupInvite', invitees };
      this.core.deliver({ from: g.wxid, to: this.core.world.selfWxid }, spec);
    }
    this.core.pushMod(g.wxid);
  }

  /**
   * Removes members from a group (one 10000 line each) and pushes the group as ModContactList.
   * Removing the bot itself (with `by`) yields `你被"{by}"移出群聊`.
   */
  removeMembers(group: ContactRef, members: ContactRef[], opts: { by?: ContactRef } = {}): void {
    const g = this.group(group);
    const ids = members.map(idOf).filter((id) => g.members.some((m) => m.wxid === id));
    const self = this.core.world.selfWxid;
    for (const id of ids) {
      if (this.core.session) {
        const spec: PhoneMessageSpec =
          id === self
            ? {
                kind: 'groupRemove',
                botRemovedBy: this.core.world.get(opts.by ? idOf(opts.by) : g.ownerWxid).nickName,
              }
            : { kind: 'groupRemove', member: this.core.world.get(id).nickName };
        this.core.deliver({ from: g.wxid, to: self }, spec);
      }
      g.members = g.members.filter((m) => m.wxid !== id);
    }
    if (ids.length > 0) this.core.pushMod(g.wxid);
  }

  /** Sets a member's group nickname (群昵称). */
  setDisplayName(group: ContactRef, member: ContactRef, displayName: string): void {
    const g = this.group(group);
    const m = g.members.find((x) => x.wxid === idOf(member));
    if (!m) throw new SimulatorError('NOT_MEMBER', `${idOf(member)} is not in ${g.wxid}`);
    m.displayName = displayName;
    this.core.pushMod(g.wxid);
  }

  /** The friend deletes the bot / is deleted: DelContactList, and sends to them get 1204. */
  deleteFriend(ref: ContactRef): void {
    const c = this.core.world.get(idOf(ref));
    if (c.kind !== 'friend') throw new SimulatorError('NOT_FRIEND', `${c.wxid} is not a friend`);
    this.core.pushDel(c.wxid);
    c.kind = 'stranger';
    c.contactFlag = 0;
  }

  /**
   * A stranger asks to be the bot's friend (MsgType 37 from `fmessage`). Accept with webwxverifyuser
   * Opcode 3 and the returned ticket, or call {@link acceptFriendRequest} as the phone.
   */
  friendRequest(
    who: ContactRef | PersonInit,
    greeting = '',
    opts: { group?: ContactRef } = {},
  ): { ticket: string; contact: ContactHandle; message: DeliveredMessage } {
    const wxid =
      typeof who === 'string' || 'kind' in who
        ? idOf(who as ContactRef)
        : this.core.world.addPerson(who, false).wxid;
    const c = this.core.world.get(wxid);
    const s = this.core.requireSession();
    const ticket = `v2_${randomHex(32)}@stranger`;
    this.core.friendRequests.set(ticket, wxid);
    const message = this.core.deliver(
      { from: 'fmessage', to: this.core.world.selfWxid },
      {
        kind: 'friendRequest',
        requester: this.core.records.userName(s, c),
        greeting,
        ticket,
        ...(opts.group ? { chatRoomWxid: idOf(opts.group) } : {}),
      },
    );
    return { ticket, contact: this.core.world.handle(wxid), message };
  }

  /** Accepts a pending request on the phone (ModContactList + "你已添加了…"). */
  acceptFriendRequest(ref: ContactRef): void {
    makeFriend(this.core, this.core.world.get(idOf(ref)));
  }

  // ── messages ────────────────────────────────────────────────────────────────────────────────

  /** A friend, official or special account sends the bot a message. */
  say(from: ContactRef, spec: SpecOrText): DeliveredMessage {
    const c = this.core.world.get(idOf(from));
    if (c.kind === 'group')
      throw new SimulatorError('USE_GROUP', 'use sayInGroup(group, member, …) for groups');
    if (c.kind === 'self')
      throw new SimulatorError('USE_PHONE', 'use sendFromPhone(to, …) for the bot account');
    return this.core.deliver({ from: c.wxid, to: this.core.world.selfWxid }, toSpec(spec));
  }

  /** A member says something in a group (Content gets the `@sender:<br/>` prefix). */
  sayInGroup(group: ContactRef, member: ContactRef, spec: SpecOrText): DeliveredMessage {
    const g = this.group(group);
    const m = idOf(member);
    if (!g.members.some((x) => x.wxid === m))
      throw new SimulatorError('NOT_MEMBER', `${m} is not in ${g.wxid}`);
    if (m === this.core.world.selfWxid) return this.sendFromPhone(group, spec);
    return this.core.deliver({ from: m, to: this.core.world.selfWxid, group: g.wxid }, toSpec(spec));
  }

  /** The account owner sends from the phone: From = the bot, no group prefix. */
  sendFromPhone(to: ContactRef, spec: SpecOrText): DeliveredMessage {
    return this.core.deliver({ from: this.core.world.selfWxid, to: idOf(to) }, toSpec(spec));
  }

  /** A grey 10000 system line in a chat (person or group). */
  system(chat: ContactRef, text: string, status = 3): DeliveredMessage {
    return this.core.deliver(
      { from: idOf(chat), to: this.core.world.selfWxid },
      { kind: 'systemText', text, status },
    );
  }

  /** The author recalls a message (MsgType 10002). Pass `group` for group messages. */
  recall(from: ContactRef, msgId: string, opts: { group?: ContactRef } = {}): DeliveredMessage {
    const target = opts.group
      ? { from: idOf(from), to: this.core.world.selfWxid, group: idOf(opts.group) }
      : { from: idOf(from), to: this.core.world.selfWxid };
    return this.core.deliver(target, { kind: 'recall', msgId });
  }

  /** The owner opens a chat on the phone (MsgType 51 code 2; synccheck selector 7). */
  enterChat(chat: ContactRef): DeliveredMessage {
    const s = this.core.requireSession();
    const c = this.core.world.get(idOf(chat));
    const self = this.core.world.selfWxid;
    return this.core.deliver(
      { from: self, to: c.wxid },
      { kind: 'statusNotify', code: 2, chat: this.core.records.userName(s, c) },
      7,
    );
  }

  // ── login ───────────────────────────────────────────────────────────────────────────────────

  /** uuid of the newest login attempt still waiting for the phone. */
  get pendingLogin(): string | undefined {
    return this.core.logins.latestPending()?.uuid;
  }

  /** Waits until a login attempt (QR or push) is waiting; resolves with its uuid. */
  waitForLoginRequest(timeoutMs = 5000): Promise<string> {
    const pending = this.core.logins.latestPending();
    if (pending) return Promise.resolve(pending.uuid);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SimulatorError('TIMEOUT', `no login request within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.core.logins.onCreate((l) => {
        clearTimeout(timer);
        off();
        resolve(l.uuid);
      });
    });
  }

  /** The phone scans the QR (the held login poll answers 201). */
  scan(uuid?: string): void {
    phoneScan(this.core, this.attempt(uuid));
  }

  /** The phone confirms (the held login poll answers 200 with redirect_uri). */
  confirm(uuid?: string): void {
    phoneConfirm(this.core, this.attempt(uuid));
  }

  /** Scan (for QR logins) and confirm in one go. */
  login(uuid?: string): void {
    const l = this.attempt(uuid);
    if (!l.push) phoneScan(this.core, l);
    phoneConfirm(this.core, l);
  }

  /** The phone cancels the login (the poll answers `window.code=202;`, then 400). */
  cancel(uuid?: string): void {
    const l = this.attempt(uuid);
    this.core.logins.cancel(l);
    this.core.emit('login.cancel', `phone cancelled login ${l.uuid}`);
  }

  /** Logs the web session out from the phone: the next synccheck answers 1100 (protocol.md §5.1). */
  logout(): void {
    const s = this.core.session;
    if (s) this.core.endSession(s, 'phoneLogout');
  }

  /** Expires the current session (cookie/session invalid: 1102 everywhere). */
  expireSession(): void {
    const s = this.core.session;
    if (s) this.core.endSession(s, 'expired');
  }

  /**
   * Turns the "restricted account" behaviour on or off: while on, every fresh login (QR or push)
   * is kicked by the server `kickAfterMs` after it started (synccheck 1102), as reported for
   * Web/UOS logins since January 2025. Sessions already running are left alone.
   *
   * @example
   * phone.restrictAccount({ kickAfterMs: 50 }); // the next login is kicked 50 ms in
   */
  restrictAccount(options: { readonly kickAfterMs: number } | false): void {
    this.core.restriction = options === false ? undefined : { kickAfterMs: Math.max(0, options.kickAfterMs) };
  }

  /**
   * Refuse (or allow again) desktop-mode logins the way an account without real-name
   * verification / WeChat Pay is refused: `webwxnewloginpage` answers 301 with no Location.
   */
  refuseDesktopEnvironment(refused = true): void {
    this.core.desktopEnvironmentRefused = refused;
  }

  /** Allow or refuse web-mode logins (refused ⇒ ret 1203; desktop mode unaffected). */
  setWebLoginAllowed(allowed: boolean): void {
    this.core.webLoginAllowed = allowed;
  }

  /** Refuse the next `n` logins with ret 1203 in any mode. */
  refuseNextLogins(n = 1): void {
    this.core.force1203 += n;
  }

  /** True while a web session is active. */
  get loggedIn(): boolean {
    return this.core.session !== undefined;
  }

  // ── what the bot sent ───────────────────────────────────────────────────────────────────────

  /** Everything the bot sent, oldest first. */
  get sent(): readonly SentMessage[] {
    return this.core.sent;
  }

  /** Friend requests the bot sent (webwxverifyuser Opcode 2). */
  get friendRequestsSent(): ReadonlyArray<{ contact: ContactHandle; greeting: string }> {
    return this.core.friendRequestsSent.map((r) => ({
      contact: this.core.world.handle(r.wxid),
      greeting: r.greeting,
    }));
  }

  /**
   * Resolves with the first sent message (already sent or future) matching `predicate`, counting only
   * messages sent after `since` (an index into {@link sent}, default 0). Rejects with `TIMEOUT`.
   */
  waitForSent(
    predicate: (m: SentMessage) => boolean = () => true,
    timeoutMs = 5000,
    since = 0,
  ): Promise<SentMessage> {
    const find = (): SentMessage | undefined => this.core.sent.slice(since).find(predicate);
    const hit = find();
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SimulatorError('TIMEOUT', `the bot sent nothing matching within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.core.onSent(() => {
        const m = find();
        if (m) {
          clearTimeout(timer);
          off();
          resolve(m);
        }
      });
    });
  }

  /** Forgets what the bot sent so far. */
  clearSent(): void {
    this.core.sent.length = 0;
  }

  private group(ref: ContactRef): ContactState {
    const g = this.core.world.get(idOf(ref));
    if (g.kind !== 'group') throw new SimulatorError('NOT_GROUP', `${g.wxid} is not a group`);
    return g;
  }

  private attempt(uuid: string | undefined): PendingLogin {
    const l = uuid ? this.core.logins.get(uuid) : this.core.logins.latestPending();
    if (!l)
      throw new SimulatorError(
        'NO_LOGIN',
        uuid ? `unknown login ${uuid}` : 'no login is waiting for the phone',
      );
    return l;
  }
}
