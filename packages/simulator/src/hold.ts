import type { ServerResponse } from 'node:http';

/**
 * Holds a long-poll: answers at once if `ready()` returns a body, otherwise waits for a wake-up (from
 * `subscribe`) or `ms`, then answers with `ready()` or `timeout()`. Stops quietly if the client hangs up.
 */
export function holdLongPoll(
  res: ServerResponse,
  ms: number,
  subscribe: (wake: () => void) => () => void,
  ready: () => string | undefined,
  timeout: () => string,
  answer: (body: string) => void,
): void {
  const first = ready();
  if (first !== undefined) {
    answer(first);
    return;
  }
  let done = false;
  const finish = (body: string | undefined): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    unsubscribe();
    res.off('close', onClose);
    if (body !== undefined) answer(body);
  };
  const onClose = (): void => finish(undefined);
  const unsubscribe = subscribe(() => {
    const body = ready();
    if (body !== undefined) finish(body);
  });
  const timer = setTimeout(() => finish(ready() ?? timeout()), ms);
  res.on('close', onClose);
}
