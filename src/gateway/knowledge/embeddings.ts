/**
 * Optional dense retrieval: an OpenAI-compatible embeddings endpoint (POST {baseUrl}/embeddings, e.g. vLLM,
 * Ollama, llama.cpp or text-embeddings-inference serving bge-m3 or a multilingual e5 model). Vectors are
 * normalised, stored with the passage (and the model that made them) and searched by brute force: at department
 * scale (thousands of passages) a dot product over a Float32Array is a fraction of a millisecond per thousand.
 * Lexical and dense rankings are fused by reciprocal rank (RRF, k = 60).
 */

import type { Classification } from '../../core/checks/types';

export interface EmbeddingsConfig {
  /** e.g. http://gpu01.intranet:8000/v1 */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when present. */
  apiKey?: string;
  /** Passages per request when indexing. Default 32. */
  batchSize?: number;
  /** Per request. Default 30,000 ms when indexing, 3,000 ms for a query. */
  timeoutMs?: number;
  /** Asked for when the model supports shortening its vectors. */
  dimensions?: number;
  /**
   * The embeddings server is a provider like any other. Outside the government network (`external`, the
   * default when not said): every text sent to it is redacted first, as for an external model.
   */
  external?: boolean;
  /**
   * The highest classification it may receive (default UNCLASSIFIED): a passage of a file above it is indexed
   * lexically only and never sent; a query from a request above it is searched lexically only.
   */
  maxClassification?: Classification;
}

export class EmbeddingsError extends Error {}

export class EmbeddingsClient {
  constructor(readonly config: EmbeddingsConfig) {}

  get model(): string {
    return this.config.model;
  }

  async embed(texts: string[], options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    if (!texts.length) return [];
    const url = `${this.config.baseUrl.replace(/\/+$/, '')}/embeddings`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.config.timeoutMs ?? 30_000);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.config.model, input: texts, encoding_format: 'float', ...(this.config.dimensions ? { dimensions: this.config.dimensions } : {}) }),
        signal,
      });
    } catch (err) {
      const e = err as Error;
      throw new EmbeddingsError(e.name === 'TimeoutError' || e.name === 'AbortError' ? `the embeddings server did not answer in time (${url})` : `cannot reach the embeddings server (${url}: ${(e.cause as Error | undefined)?.message ?? e.message})`);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 200);
      throw new EmbeddingsError(`the embeddings server answered ${res.status} (${body.replace(/\s+/g, ' ')})`);
    }
    let json: { data?: Array<{ index?: number; embedding?: unknown }> };
    try {
      json = (await res.json()) as typeof json;
    } catch {
      throw new EmbeddingsError('the embeddings server answered with something other than JSON');
    }
    const data = json.data;
    if (!Array.isArray(data) || data.length !== texts.length) throw new EmbeddingsError(`the embeddings server returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`);
    const out: Float32Array[] = new Array(texts.length);
    data.forEach((d, i) => {
      const at = typeof d.index === 'number' ? d.index : i;
      if (!Array.isArray(d.embedding) || !d.embedding.length || at < 0 || at >= texts.length) throw new EmbeddingsError('the embeddings server returned a malformed vector');
      out[at] = normalise(Float32Array.from(d.embedding as number[]));
    });
    const dim = out[0]?.length;
    if (out.some((v) => !v || v.length !== dim)) throw new EmbeddingsError('the embeddings server returned vectors of different lengths');
    return out;
  }
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy: the Buffer's offset need not be 4-byte aligned.
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

/** The vectors of one department's scope, in one matrix. */
export class VectorSet {
  constructor(
    readonly ids: Int32Array,
    readonly matrix: Float32Array,
    readonly dim: number,
  ) {}

  static from(rows: Array<{ id: number; embedding: Buffer }>): VectorSet {
    const vectors = rows.map((r) => fromBlob(r.embedding));
    const dim = vectors[0]?.length ?? 0;
    const usable = rows.map((r, i) => ({ id: r.id, v: vectors[i] })).filter((x) => x.v.length === dim);
    const matrix = new Float32Array(usable.length * dim);
    usable.forEach((x, i) => matrix.set(x.v, i * dim));
    return new VectorSet(Int32Array.from(usable.map((x) => x.id)), matrix, dim);
  }

  private idSet?: Set<number>;

  /** Whether the passage has a vector here. */
  has(id: number): boolean {
    this.idSet ??= new Set(this.ids);
    return this.idSet.has(id);
  }

  /** The ids of the n nearest vectors (by cosine: all vectors are normalised), best first. */
  nearest(query: Float32Array, n: number): Array<{ id: number; score: number }> {
    if (query.length !== this.dim || !this.ids.length) return [];
    const scores = new Float32Array(this.ids.length);
    for (let r = 0; r < this.ids.length; r++) {
      let s = 0;
      const off = r * this.dim;
      for (let i = 0; i < this.dim; i++) s += this.matrix[off + i] * query[i];
      scores[r] = s;
    }
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]).slice(0, n);
    return order.map((r) => ({ id: this.ids[r], score: scores[r] }));
  }
}

/** Reciprocal rank fusion: score(d) = sum over rankings of 1 / (k + rank), rank from 1. */
export function reciprocalRankFusion(rankings: ReadonlyArray<readonly number[]>, k = 60): Array<{ id: number; score: number }> {
  const scores = new Map<number, number>();
  for (const ranking of rankings) ranking.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
