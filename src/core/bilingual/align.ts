/**
 * Paragraph alignment of a Chinese and an English version: dynamic programming over the two lists of paragraphs,
 * scoring each pairing by length (against the documents' own length ratio) and by anchors they share (numbers,
 * dates, names, paragraph numbers, headings). A paragraph may have no counterpart (an extra paragraph on one
 * side), and two short paragraphs may stand for one.
 */
export interface AlignUnit {
  /** Length in non-space characters. */
  length: number;
  /** Keys both versions write the same way: fact keys, name ids. */
  anchors: ReadonlySet<string>;
  enumerator?: number;
  heading: boolean;
}

export interface AlignedGroup {
  /** Indices into the Chinese units (0, 1 or 2 of them). */
  zh: number[];
  /** Indices into the English units. */
  en: number[];
}

const SKIP = 1.8;
const MERGE = 2.0;

export function alignParagraphs(zh: readonly AlignUnit[], en: readonly AlignUnit[]): AlignedGroup[] {
  const n = zh.length;
  const m = en.length;
  const zhTotal = zh.reduce((s, u) => s + u.length, 0);
  const enTotal = en.reduce((s, u) => s + u.length, 0);
  const ratio = zhTotal && enTotal ? enTotal / zhTotal : 1;

  // Anchor sets of single paragraphs and of each two neighbours, built once.
  const single = (units: readonly AlignUnit[]) => units.map((u) => u.anchors);
  const pairs = (units: readonly AlignUnit[]) => units.map((u, i) => (i + 1 < units.length ? new Set([...u.anchors, ...units[i + 1].anchors]) : u.anchors));
  const z1 = single(zh);
  const e1 = single(en);
  const z2 = pairs(zh);
  const e2 = pairs(en);

  /** Cost of pairing zh[zi, zi+zn) with en[ei, ei+en). */
  const pairCost = (zi: number, zn: number, ei: number, enn: number): number => {
    const zl = zh[zi].length + (zn === 2 ? zh[zi + 1].length : 0);
    const el = en[ei].length + (enn === 2 ? en[ei + 1].length : 0);
    let cost = Math.abs(Math.log((el + 4) / (ratio * zl + 4)));
    const za = zn === 2 ? z2[zi] : z1[zi];
    const ea = enn === 2 ? e2[ei] : e1[ei];
    let shared = 0;
    const [small, large] = za.size <= ea.size ? [za, ea] : [ea, za];
    for (const a of small) if (large.has(a)) shared++;
    const union = za.size + ea.size - shared;
    if (union) cost += 1.5 * (1 - (2 * shared) / union) * Math.min(1, union / 2);
    const ze = zh[zi].enumerator;
    const ee = en[ei].enumerator;
    if (ze !== undefined && ee !== undefined) cost += ze === ee ? -1 : 1;
    if (zh[zi].heading !== en[ei].heading) cost += 0.5;
    return cost;
  };

  // Only cells near the diagonal: an extra paragraph moves the path off it by one, so the band is the difference
  // in length plus a margin.
  const band = Math.abs(n - m) + 40;
  const inBand = (i: number, j: number) => Math.abs(j - (n ? (i * m) / n : 0)) <= band;

  const INF = Number.POSITIVE_INFINITY;
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1).fill(INF));
  const back: Uint8Array[] = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1));
  cost[0][0] = 0;
  const moves: Array<[number, number]> = [
    [1, 1],
    [1, 0],
    [0, 1],
    [2, 1],
    [1, 2],
  ];
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if ((i === 0 && j === 0) || !inBand(i, j)) continue;
      let best = INF;
      let bestMove = 0;
      for (let k = 0; k < moves.length; k++) {
        const [di, dj] = moves[k];
        const pi = i - di;
        const pj = j - dj;
        if (pi < 0 || pj < 0 || cost[pi][pj] === INF) continue;
        let c: number;
        if (di === 0 || dj === 0) c = SKIP;
        else {
          c = pairCost(pi, di, pj, dj);
          if (di + dj > 2) c += MERGE;
        }
        const total = cost[pi][pj] + c;
        if (total < best - 1e-9) {
          best = total;
          bestMove = k;
        }
      }
      cost[i][j] = best;
      back[i][j] = bestMove;
    }
  }
  const groups: AlignedGroup[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const [di, dj] = moves[back[i][j]];
    const g: AlignedGroup = { zh: [], en: [] };
    for (let k = i - di; k < i; k++) g.zh.push(k);
    for (let k = j - dj; k < j; k++) g.en.push(k);
    groups.push(g);
    i -= di;
    j -= dj;
  }
  return groups.reverse();
}
