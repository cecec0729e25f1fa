/** A pino destination that keeps every JSON line, to wait for a record a plugin logged. */
export class LogLines {
  readonly records: Record<string, unknown>[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line !== '') this.records.push(JSON.parse(line));
  }
  /** The first record matching `test`; fails after `timeoutMs` (a cap for a hang, generous for a loaded machine). */
  async waitFor(
    test: (r: Record<string, unknown>) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no record matched: ${JSON.stringify(this.records)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
