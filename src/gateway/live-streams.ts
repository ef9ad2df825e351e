/**
 * Streams in flight, so that a shutdown can let them finish within the grace period and then end the
 * rest with an explicit error event (never a silent end).
 */
export interface LiveStream {
  /** Ends the stream with an error event saying why; resolves when the response is closed. */
  terminate(reason: string): void;
  done: Promise<void>;
}

export class LiveStreams {
  private readonly streams = new Set<LiveStream>();

  get size(): number {
    return this.streams.size;
  }

  add(stream: LiveStream): void {
    this.streams.add(stream);
    void stream.done.finally(() => this.streams.delete(stream));
  }

  /** Waits up to `graceMs` for every stream to finish, then terminates those still running. */
  async drain(graceMs: number, reason: string): Promise<number> {
    if (!this.streams.size) return 0;
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all([...this.streams].map((s) => s.done));
    const finished = await Promise.race([all.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(timer);
    if (finished) return 0;
    const left = [...this.streams];
    for (const s of left) s.terminate(reason);
    await Promise.all(left.map((s) => s.done));
    return left.length;
  }
}
