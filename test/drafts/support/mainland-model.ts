/**
 * A fake model that behaves like the DeepSeek- and Qwen-family models departments will run: it reads the
 * gateway's prompt as a real model would (the section tag with its nonce, the section ids, the numbered
 * sources, whether this is the repair round) and answers with a scripted text built from it, misbehaviours
 * and all. Runs on the shared FakeUpstream (real HTTP on loopback), through its `reply` option.
 */
import type { Behaviour } from '../../gateway/support/fake-upstream';

export interface SeenPrompt {
  system: string;
  user: string;
  /** `section-<nonce>` as the instructions name it. */
  tag: string;
  /** Section ids the instructions ask for, in order. */
  ids: string[];
  /** How many numbered sources the knowledge block holds. */
  sources: number;
  /** This is the repair call (the first answer and its problems are in the request). */
  repair: boolean;
  /** For the repair call: the sections it is asked to write again. */
  repairIds: string[];
}

export function readPrompt(body: any): SeenPrompt {
  const messages: Array<{ role: string; content: string }> = body?.messages ?? [];
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const tag = /<(section-[a-z0-9]+) id=/.exec(system)?.[1] ?? 'section';
  const ids = [...system.matchAll(/^\d+\. id "([a-z0-9-]+)"/gm)].map((m) => m[1]);
  const knowledge = /<knowledge-[a-z0-9]+>([\s\S]*?)<\/knowledge-[a-z0-9]+>/.exec(user)?.[1] ?? '';
  const sources = [...knowledge.matchAll(/^\[(\d+)\] /gm)].length;
  const repair = /kind="your-first-answer"/.test(user);
  const again = /Write these sections again, correcting every problem: (.*)\./.exec(user)?.[1] ?? '';
  const repairIds = [...again.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]);
  return { system, user, tag, ids, sources, repair, repairIds };
}

/** Blocks in the requested shape, with the request's own nonce. */
export function blocks(p: SeenPrompt, sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([id, text]) => `<${p.tag} id="${id}">\n${text}\n</${p.tag}>`)
    .join('\n\n');
}

export type Script = (p: SeenPrompt) => string;

/** The behaviour for one model call, answering from the prompt it receives. */
export function mainlandModel(script: Script, options: { chunkSize?: number; cutAfter?: number } = {}): Behaviour {
  return { reply: (body) => script(readPrompt(body)), chunkSize: options.chunkSize ?? 7, cutAfter: options.cutAfter };
}
