/**
 * @module StreamRegistry: the open live streams of this replica. Shutdown ends them all at once
 * (an open stream would otherwise hold `app.close()` until the client leaves), and a stream that
 * registers after that is ended straight away. `size` is the number open, for metrics.
 */

export interface OpenStream {
  /** Ends the stream; the client reconnects (to this replica after a restart, or another). */
  end(): void;
}

export class StreamRegistry {
  readonly #open = new Set<OpenStream>();
  #closing = false;

  get size(): number {
    return this.#open.size;
  }

  /** Returns the function that removes the stream again (call it when the stream ends). */
  register(stream: OpenStream): () => void {
    if (this.#closing) {
      stream.end();
      return () => undefined;
    }
    this.#open.add(stream);
    return () => void this.#open.delete(stream);
  }

  endAll(): void {
    this.#closing = true;
    for (const stream of [...this.#open]) stream.end();
    this.#open.clear();
  }
}
