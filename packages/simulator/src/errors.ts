/**
 * The simulator's own error type (it does not depend on `@wxbot/core`).
 *
 * Thrown by the scripted phone and the control API when a request cannot be honoured,
 * e.g. making a contact talk while nobody is logged in.
 *
 * @example
 * ```ts
 * try { await sim.phone.say(alice, { kind: 'text', text: 'hi' }); }
 * catch (e) { if (e instanceof SimulatorError && e.code === 'NO_SESSION') … }
 * ```
 */
export class SimulatorError extends Error {
  /** A stable machine-readable code, e.g. `NO_SESSION`, `UNKNOWN_CONTACT`, `TIMEOUT`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorError';
    this.code = code;
  }
}
