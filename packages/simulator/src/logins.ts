import { loginUuid, token } from './ids.js';
import type { LoginMode } from './session.js';

/** State of one login attempt (a QR uuid or a push-login uuid). */
export interface PendingLogin {
  readonly uuid: string;
  readonly mode: LoginMode;
  readonly push: boolean;
  readonly createdMs: number;
  state: 'waiting' | 'scanned' | 'confirmed' | 'cancelled' | 'done';
  scanDelivered: boolean;
  cancelDelivered: boolean;
  ticket: string | undefined;
  ticketExpiresMs: number;
  scanTs: number;
}

/** The login attempts of a simulator, with wake-ups for held `login` polls. */
export class Logins {
  private readonly byUuid = new Map<string, PendingLogin>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly anyWaiters = new Set<(l: PendingLogin) => void>();
  latest: PendingLogin | undefined;

  /** Creates a login attempt. */
  create(mode: LoginMode, push: boolean, nowMs: number): PendingLogin {
    const l: PendingLogin = {
      uuid: loginUuid(),
      mode,
      push,
      createdMs: nowMs,
      state: 'waiting',
      scanDelivered: false,
      cancelDelivered: false,
      ticket: undefined,
      ticketExpiresMs: 0,
      scanTs: 0,
    };
    this.byUuid.set(l.uuid, l);
    this.latest = l;
    // Keep memory bounded for long-running sandboxes: forget the oldest finished attempts.
    if (this.byUuid.size > 200) {
      for (const [id, old] of this.byUuid) {
        if (this.byUuid.size <= 100) break;
        if (old !== l && old.state !== 'confirmed') {
          this.byUuid.delete(id);
          this.waiters.delete(id);
        }
      }
    }
    for (const w of [...this.anyWaiters]) w(l);
    return l;
  }

  get(uuid: string): PendingLogin | undefined {
    return this.byUuid.get(uuid);
  }

  /** The attempt holding a redirect ticket. */
  byTicket(ticket: string): PendingLogin | undefined {
    for (const l of this.byUuid.values()) if (l.ticket === ticket) return l;
    return undefined;
  }

  /** The newest attempt still waiting for the phone. */
  latestPending(): PendingLogin | undefined {
    const all = [...this.byUuid.values()].reverse();
    return all.find((l) => l.state === 'waiting' || l.state === 'scanned');
  }

  /** Marks scanned. */
  scan(l: PendingLogin, nowMs: number): void {
    if (l.state !== 'waiting') return;
    l.state = 'scanned';
    l.scanTs = Math.floor(nowMs / 1000);
    this.wake(l);
  }

  /** Marks confirmed and mints a single-use ticket valid for `validMs`. */
  confirm(l: PendingLogin, nowMs: number, validMs: number): void {
    if (l.state !== 'waiting' && l.state !== 'scanned') return;
    if (l.state === 'waiting') l.scanTs = Math.floor(nowMs / 1000);
    l.state = 'confirmed';
    l.ticket = `${token(24)}@qrticket_0`;
    l.ticketExpiresMs = nowMs + validMs;
    this.wake(l);
  }

  /** Marks cancelled. */
  cancel(l: PendingLogin): void {
    if (l.state !== 'waiting' && l.state !== 'scanned') return;
    l.state = 'cancelled';
    this.wake(l);
  }

  /** Subscribes to changes of one attempt. */
  subscribe(uuid: string, fn: () => void): () => void {
    let set = this.waiters.get(uuid);
    if (!set) {
      set = new Set();
      this.waiters.set(uuid, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Subscribes to newly created attempts. */
  onCreate(fn: (l: PendingLogin) => void): () => void {
    this.anyWaiters.add(fn);
    return () => this.anyWaiters.delete(fn);
  }

  private wake(l: PendingLogin): void {
    for (const w of [...(this.waiters.get(l.uuid) ?? [])]) w();
  }
}
