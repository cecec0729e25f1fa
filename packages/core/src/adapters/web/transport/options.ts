/** Per-call timeouts in milliseconds. Long-polls must outlast the server's hold (~25 s). */
export interface TransportTimeouts {
  /** Ordinary JSON calls. */
  readonly request: number;
  /** The QR login long-poll (server holds ~25 s). */
  readonly loginPoll: number;
  /** The synccheck long-poll (server holds ~25 s). */
  readonly syncCheck: number;
  /** One upload chunk. */
  readonly upload: number;
  /** A media download. */
  readonly download: number;
}

/** Defaults follow the official client: 35 s for the long-polls. */
export const DEFAULT_TIMEOUTS: TransportTimeouts = {
  request: 30_000,
  loginPoll: 35_000,
  syncCheck: 35_000,
  upload: 120_000,
  download: 120_000,
};

/** A desktop Chrome user agent; the server only wants something browser-like. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** The UOS browser user agent used in desktop mode (protocol.md §3.5). */
export const UOS_USER_AGENT =
  'Mozilla/5.0 (Linux; U; UOS x86_64; zh-cn) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 UOSBrowser/6.0.1.1001';
