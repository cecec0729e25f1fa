import type { WireMember } from '../protocol/wire.js';
import { decodeName } from './name.js';

/** One member as the table returns it (the store adds the stable id). */
export interface MemberRow {
  readonly userName: string;
  readonly nickName: string;
  readonly displayName: string;
  readonly uin: number;
}

/** JSON-safe form of a member table: parallel arrays, sparse display names and uins. */
export interface MemberTableJSON {
  readonly userNames: string[];
  readonly nickNames: string[];
  /** `[index, displayName]` for members who set a group nickname. */
  readonly displayNames: Array<[number, string]>;
  /** `[index, uin]` for the few members with a non-zero Uin. */
  readonly uins: Array<[number, number]>;
}

const SEP = '\n';

/**
 * The members of one group, packed: all UserNames in one `\n`-joined string, all nicknames in one
 * string with a Uint32Array of offsets, display names and uins sparse. No object, string header or
 * Map entry per member: 100,000 members cost about 10 MB instead of the ~35 MB their wire objects
 * take. Tables are immutable; a new member list replaces the whole table.
 */
export class MemberTable {
  private readonly users: string;
  private readonly userStarts: Uint32Array;
  private readonly nicks: string;
  private readonly nickStarts: Uint32Array;
  private readonly displays: ReadonlyMap<number, string>;
  private readonly uins: ReadonlyMap<number, number>;

  private constructor(rows: readonly MemberRow[]) {
    const n = rows.length;
    this.userStarts = new Uint32Array(n + 1);
    this.nickStarts = new Uint32Array(n + 1);
    const displays = new Map<number, string>();
    const uins = new Map<number, number>();
    let userOffset = 1;
    let nickOffset = 0;
    rows.forEach((r, i) => {
      this.userStarts[i] = userOffset;
      this.nickStarts[i] = nickOffset;
      userOffset += r.userName.length + 1;
      nickOffset += r.nickName.length;
      if (r.displayName !== '') displays.set(i, r.displayName);
      if (r.uin > 0) uins.set(i, r.uin);
    });
    this.userStarts[n] = userOffset;
    this.nickStarts[n] = nickOffset;
    this.users = SEP + rows.map((r) => r.userName + SEP).join('');
    this.nicks = rows.map((r) => r.nickName).join('');
    this.displays = displays;
    this.uins = uins;
  }

  private static build(candidates: Iterable<MemberRow>): MemberTable {
    const seen = new Set<string>();
    const rows: MemberRow[] = [];
    for (const r of candidates) {
      // A separator inside a UserName would corrupt the packing; such a name is not real anyway.
      if (r.userName === '' || r.userName.includes(SEP) || seen.has(r.userName)) continue;
      seen.add(r.userName);
      rows.push(r);
    }
    return new MemberTable(rows);
  }

  /** Builds a table from a wire MemberList (names with emoji spans turned into Unicode). */
  static fromWire(list: readonly WireMember[]): MemberTable {
    return MemberTable.build(
      (function* () {
        for (const m of list) {
          if (typeof m !== 'object' || m === null || typeof m.UserName !== 'string') continue;
          yield {
            userName: m.UserName,
            nickName: decodeName(typeof m.NickName === 'string' ? m.NickName : ''),
            displayName: decodeName(typeof m.DisplayName === 'string' ? m.DisplayName : ''),
            uin: typeof m.Uin === 'number' && Number.isFinite(m.Uin) ? m.Uin : 0,
          };
        }
      })(),
    );
  }

  /** Rebuilds a table from {@link MemberTable.toJSON} output, skipping malformed rows. */
  static fromJSON(json: unknown): MemberTable {
    if (typeof json !== 'object' || json === null) return MemberTable.build([]);
    const j = json as Partial<Record<keyof MemberTableJSON, unknown>>;
    const users = Array.isArray(j.userNames) ? j.userNames : [];
    const nicks = Array.isArray(j.nickNames) ? j.nickNames : [];
    const sparse = <T>(value: unknown, type: 'string' | 'number'): Map<number, T> => {
      const out = new Map<number, T>();
      if (!Array.isArray(value)) return out;
      for (const p of value)
        if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === type) out.set(p[0], p[1] as T);
      return out;
    };
    const displays = sparse<string>(j.displayNames, 'string');
    const uins = sparse<number>(j.uins, 'number');
    return MemberTable.build(
      users.flatMap((u, i) => {
        if (typeof u !== 'string') return [];
        const nick = nicks[i];
        return [
          {
            userName: u,
            nickName: typeof nick === 'string' ? nick : '',
            displayName: displays.get(i) ?? '',
            uin: uins.get(i) ?? 0,
          },
        ];
      }),
    );
  }

  /** Number of members. */
  get size(): number {
    return this.userStarts.length - 1;
  }

  private indexOf(userName: string): number {
    if (userName === '' || userName.includes(SEP)) return -1;
    const at = this.users.indexOf(SEP + userName + SEP);
    if (at < 0) return -1;
    // Binary search the member whose name starts right after that separator.
    let lo = 0;
    let hi = this.size - 1;
    const start = at + 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.userStarts[mid] ?? 0;
      if (s === start) return mid;
      if (s < start) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  has(userName: string): boolean {
    return this.indexOf(userName) >= 0;
  }

  get(userName: string): MemberRow | undefined {
    const i = this.indexOf(userName);
    return i < 0 ? undefined : this.row(i);
  }

  row(i: number): MemberRow {
    const u0 = this.userStarts[i] ?? 0;
    const u1 = this.userStarts[i + 1] ?? u0 + 1;
    return {
      userName: this.users.slice(u0, u1 - 1),
      nickName: this.nicks.slice(this.nickStarts[i] ?? 0, this.nickStarts[i + 1] ?? 0),
      displayName: this.displays.get(i) ?? '',
      uin: this.uins.get(i) ?? 0,
    };
  }

  *rows(): IterableIterator<MemberRow> {
    for (let i = 0; i < this.size; i++) yield this.row(i);
  }

  toJSON(): MemberTableJSON {
    const rows = [...this.rows()];
    return {
      userNames: rows.map((r) => r.userName),
      nickNames: rows.map((r) => r.nickName),
      displayNames: [...this.displays.entries()],
      uins: [...this.uins.entries()],
    };
  }
}
