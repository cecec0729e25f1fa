import type { MainHost } from './hosts.js';
import { encryChatRoomId, passTicketRaw, skey, token, wxsid } from './ids.js';
import { type AccountSyncCounters, SyncLog } from './sync-log.js';
import { newUserName } from './wire/index.js';
import type { ContactKind } from './world.js';

/** Login flavour: plain web, or the UOS "desktop" variant (protocol.md §3.5). */
export type LoginMode = 'web' | 'desktop';

/**
 * Why a session is no longer usable, and what the server says about it (protocol.md §5.1 and
 * docs/protocol-notes.md): `phoneLogout` (logged out on the phone) → 1100, `replaced` (a newer
 * login elsewhere) → 1101, `loggedOut` (after `webwxlogout`, as reported) / `expired` (cookie or
 * session invalid) / `restricted` (risk control kicking a fresh login, 2025 reports) → 1102.
 */
export type SessionStatus = 'active' | 'loggedOut' | 'replaced' | 'phoneLogout' | 'expired' | 'restricted';

/** The Ret / retcode a session in this status answers with. */
export function statusCode(status: SessionStatus): number {
  switch (status) {
    case 'active':
      return 0;
    case 'phoneLogout':
      return 1100;
    case 'replaced':
      return 1101;
    case 'loggedOut':
    case 'expired':
    case 'restricted':
      return 1102;
  }
}

/** A bot message kept for revoke checks and downloads. */
export interface SentRecord {
  msgId: string;
  clientMsgId: string;
  toUserName: string;
  timeMs: number;
  revoked: boolean;
}

/** One web login: credentials, session-scoped UserNames and the sync log. */
export class Session {
  readonly sid = wxsid();
  skey = skey();
  /** Raw base64 pass_ticket (the XML carries it percent-encoded). */
  readonly passTicket = passTicketRaw();
  readonly dataTicket = token(24);
  status: SessionStatus = 'active';
  readonly log: SyncLog;
  /** Messages the bot sent in this session, by MsgID. */
  readonly sent = new Map<string, SentRecord>();
  initCount = 0;
  private readonly names = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  private readonly encry = new Map<string, string>();

  /** True for a QR or push login (not a resume): what a restricted account gets kicked for. */
  fresh = true;

  constructor(
    readonly uin: number,
    readonly mainHost: MainHost,
    readonly mode: LoginMode,
    readonly createdMs: number,
    backlogLimit: number,
    counters: AccountSyncCounters,
  ) {
    this.log = new SyncLog(backlogLimit, counters);
  }

  /** The session UserName of a wxid, minted on first use (special ids are used as is). */
  userNameOf(wxid: string, kind: ContactKind): string {
    let name = this.names.get(wxid);
    if (name) return name;
    if (kind === 'special' || (kind === 'official' && !wxid.startsWith('gh_'))) name = wxid;
    else if (kind === 'group') name = newUserName('group');
    else if (kind === 'official') name = newUserName('official');
    else name = newUserName('person');
    this.names.set(wxid, name);
    this.byName.set(name, wxid);
    return name;
  }

  /** The wxid behind a session UserName, if this session minted it. */
  wxidOf(userName: string): string | undefined {
    return this.byName.get(userName);
  }

  /** The group's `EncryChatRoomId` in this session. */
  encryOf(groupWxid: string): string {
    let id = this.encry.get(groupWxid);
    if (!id) {
      id = encryChatRoomId();
      this.encry.set(groupWxid, id);
    }
    return id;
  }

  /** The group wxid whose EncryChatRoomId is `id`, if any. */
  groupOfEncry(id: string): string | undefined {
    for (const [g, e] of this.encry) if (e === id) return g;
    return undefined;
  }

  /** The pass_ticket as written in the login XML (percent-encoded). */
  get passTicketEncoded(): string {
    return encodeURIComponent(this.passTicket);
  }

  /** True when a received pass_ticket matches: raw, single- or double-encoded. */
  passTicketMatches(v: string): boolean {
    let cur = v;
    for (let i = 0; i < 3; i++) {
      if (cur === this.passTicket) return true;
      try {
        const next = decodeURIComponent(cur);
        if (next === cur) break;
        cur = next;
      } catch {
        return false;
      }
    }
    return cur === this.passTicket;
  }
}
