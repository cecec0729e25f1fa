/** One scripted answer of the fake model: text, a stream of chunks, an HTTP error, or silence. */
export type FakeModelStep =
  /** Answer with this text (streamed in chunks when the request asks for `stream: true`). */
  | { readonly text: string; readonly delayMs?: number; readonly finishReason?: 'stop' | 'length' }
  /** Answer with these exact stream chunks (non-streaming requests get them joined). */
  | { readonly chunks: readonly string[]; readonly delayMs?: number }
  /**
   * Fail with an OpenAI-shaped error body. `retryAfterMs` sets the `retry-after-ms` header the
   * official SDKs honour (429/503).
   */
  | {
      readonly error: {
        readonly status: number;
        readonly message: string;
        readonly type?: string;
        readonly code?: string;
      };
      readonly retryAfterMs?: number;
    }
  /** Accept the request and never answer (until the client gives up or the server closes). */
  | { readonly hang: true }
  /** Close the connection without a response (a transport failure). */
  | { readonly drop: true };

/** What the fake server recorded of one request. */
export interface FakeModelRequest {
  readonly method: string;
  /** Path without the query, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Request headers, lower-cased names (the `authorization` header included, for key checks). */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (`undefined` for GET or a body that is not JSON). */
  readonly body: unknown;
  /** `body.model` of a chat completion request. */
  readonly model?: string;
  /** `body.messages` of a chat completion request. */
  readonly messages: readonly FakeChatMessage[];
  /** True when the client asked for a server-sent-event stream. */
  readonly stream: boolean;
  /** The HTTP status the fake answered with. */
  status: number;
  /** Wall-clock ms when the request arrived. */
  readonly time: number;
}

/** A chat message as the fake saw it (content parts are kept as sent). */
export interface FakeChatMessage {
  readonly role: string;
  readonly content: string | readonly FakeContentPart[] | null;
  readonly name?: string;
}

/** A content part of a multi-part message (`text` or `image_url`). */
export type FakeContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image_url'; readonly image_url: { readonly url: string; readonly detail?: string } };

/** Answers a request when no scripted step is queued. */
export type FakeModelResponder = (request: FakeModelRequest) => FakeModelStep;

/** The text of a message's content (text parts joined; images as `[image]`). */
export function contentText(content: FakeChatMessage['content']): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '[image]')).join(' ');
}

/**
 * The default responder: a deterministic "model" that says what it was told, so a demo or a test
 * without a script still gets a sensible answer. It names the number of earlier turns it saw,
 * which makes memory visible.
 */
export const echoResponder: FakeModelResponder = (request) => {
  const users = request.messages.filter((m) => m.role === 'user');
  const last = users.at(-1);
  const said = last === undefined ? '' : contentText(last.content).trim();
  const earlier = users.length - 1;
  const memory = earlier > 0 ? ` (I remember ${earlier} earlier message${earlier === 1 ? '' : 's'})` : '';
  return { text: `[offline model] You said: ${said}${memory}` };
};
