/** Why a model request failed. */
export type ModelErrorCode =
  /** The endpoint answered with an HTTP error (`status` says which). */
  | 'MODEL_HTTP'
  /** The endpoint could not be reached or the connection broke. */
  | 'MODEL_NETWORK'
  /** No answer within `timeoutMs`. */
  | 'MODEL_TIMEOUT'
  /** The endpoint answered, but with no text. */
  | 'MODEL_EMPTY'
  /** The message was abandoned (its deadline passed, or the plugin unloaded). */
  | 'MODEL_ABORTED';

/**
 * A model request that failed after its retries. Its message names the endpoint and the
 * reason, never the API key.
 *
 * @example
 * try { await client.complete(messages) } catch (e) { if (e instanceof ModelError && e.status === 401) … }
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;
  /** The HTTP status, for `MODEL_HTTP`. */
  readonly status: number | undefined;
  /** How many requests were made. */
  readonly attempts: number;

  constructor(
    message: string,
    details: { code: ModelErrorCode; status?: number; attempts: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}
