export interface ChrfOptions {
  maxN?: number;
  beta?: number;
}
export type ChrfStats = Array<[number, number, number]>;
export function chrfStats(hypothesis: string, reference: string, maxN?: number): ChrfStats;
export function chrfFromStats(stats: ChrfStats, beta?: number): number;
export function chrf(hypothesis: string, reference: string, options?: ChrfOptions): number;
export function corpusChrf(pairs: ReadonlyArray<readonly [string, string]>, options?: ChrfOptions): number;
export function meanChrf(pairs: ReadonlyArray<readonly [string, string]>, options?: ChrfOptions): number;
