/**
 * A map with an undo journal (the ephemeral data of a session): `mark()` / `rollback(mark)` undo
 * what changed after the mark, at the cost of what changed, like SessionState.
 */
export class JournaledMap {
  private readonly data = new Map<string, Uint8Array>();
  private readonly journal: [string, Uint8Array | undefined][] = [];

  get(key: string): Uint8Array | undefined {
    return this.data.get(key);
  }

  set(key: string, value: Uint8Array | null): void {
    this.journal.push([key, this.data.get(key)]);
    if (value === null) this.data.delete(key);
    else this.data.set(key, value);
  }

  mark(): number {
    return this.journal.length;
  }

  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const [k, prev] = this.journal.pop()!;
      if (prev === undefined) this.data.delete(k);
      else this.data.set(k, prev);
    }
  }

  /** Forgets the journal (after a top-level call ends, nothing can roll back past it). */
  settle(): void {
    this.journal.length = 0;
  }
}
