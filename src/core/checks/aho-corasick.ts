/**
 * Aho-Corasick automaton over UTF-16 code units: every literal pattern of every active rule is found in
 * one pass over the text, however many patterns there are.
 */
export interface AutomatonMatch {
  /** Index of the pattern as given to the constructor. */
  pattern: number;
  start: number;
  end: number;
}

export class AhoCorasick {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** Patterns ending at each state (own, not inherited). */
  private readonly own: number[][] = [[]];
  /** Nearest state along the fail chain that has its own patterns (-1 for none). */
  private dictLink: Int32Array = new Int32Array(1);
  private readonly lengths: number[] = [];

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, index) => this.add(p, index));
    this.build();
  }

  get size(): number {
    return this.lengths.length;
  }

  private add(pattern: string, index: number): void {
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let to = this.next[state].get(c);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.own.push([]);
        this.next[state].set(c, to);
      }
      state = to;
    }
    this.own[state].push(index);
    this.lengths[index] = pattern.length;
  }

  private build(): void {
    const n = this.next.length;
    this.fail = new Int32Array(n);
    this.dictLink = new Int32Array(n).fill(-1);
    const queue: number[] = [];
    for (const child of this.next[0].values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [c, child] of this.next[state]) {
        let f = this.fail[state];
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f];
        const target = this.next[f].get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const fc = this.fail[child];
        this.dictLink[child] = this.own[fc].length ? fc : this.dictLink[fc];
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every pattern, overlapping ones included, in order of their end. */
  search(text: string, onMatch: (m: AutomatonMatch) => void): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let to = this.next[state].get(c);
      while (to === undefined && state !== 0) {
        state = this.fail[state];
        to = this.next[state].get(c);
      }
      state = to ?? 0;
      for (let s = this.own[state].length ? state : this.dictLink[state]; s > 0; s = this.dictLink[s]) {
        for (const pattern of this.own[s]) {
          onMatch({ pattern, start: i + 1 - this.lengths[pattern], end: i + 1 });
        }
      }
    }
  }
}
