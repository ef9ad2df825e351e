/**
 * A tiny OpenAI-compatible embeddings server on loopback for tests: POST /v1/embeddings returns, for each input,
 * a vector of concept counts (a concept is a set of words in either language), so that texts about the same
 * thing are near each other whatever their language — what a multilingual embeddings model does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CONCEPTS: string[][] = [
  ['rat', 'rats', 'rodent', '老鼠', '鼠隻'],
  ['toilet', 'toilets', 'lavatory', '廁所', '洗手間'],
  ['noise', 'noisy', '噪音', '嘈吵'],
  ['tree', 'trees', '樹木', '塌樹'],
  ['bus', 'buses', '巴士'],
];

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  authorization?: string;
}

export class FakeEmbeddings {
  readonly requests: EmbeddingsRequest[] = [];
  /** Answer every request with this status instead (e.g. 503). */
  failWith?: number;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeEmbeddings> {
    let self: FakeEmbeddings | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
          res.writeHead(404).end();
          return;
        }
        const parsed = JSON.parse(body) as { model: string; input: string | string[] };
        const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
        self!.requests.push({ model: parsed.model, input, authorization: req.headers.authorization });
        if (self!.failWith) {
          res.writeHead(self!.failWith, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'unavailable' } }));
          return;
        }
        const data = input.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: parsed.model }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FakeEmbeddings(server, `http://127.0.0.1:${port}/v1`);
    return self;
  }

  get inputs(): string[] {
    return this.requests.flatMap((r) => r.input);
  }

  reset(): void {
    this.requests.length = 0;
    this.failWith = undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function embed(text: string): number[] {
  const lower = text.toLowerCase();
  const v = CONCEPTS.map((words) => words.reduce((n, w) => n + (lower.split(w).length - 1), 0));
  v.push(0.05); // never the zero vector
  return v;
}
