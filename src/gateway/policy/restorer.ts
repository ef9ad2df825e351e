/**
 * Puts personal data back where an external model wrote placeholders: on a whole text, or on a stream,
 * where a placeholder may arrive split over several chunks ("[EMA" + "IL_1]"). The streaming restorer
 * holds back only a tail that could still become a placeholder (at most LONGEST_PLACEHOLDER_START
 * characters), so text flows on as it arrives. Placeholders the map does not know are left as they are.
 *
 * A model answer has more than one text: each choice (n > 1) has its content, its reasoning
 * (`reasoning_content`, DeepSeek's and vLLM's; `reasoning`), a refusal and tool-call arguments, and a stream
 * interleaves their pieces by choice index and tool-call index. Each of those texts gets its own restorer,
 * so a placeholder split over two pieces of one text is joined, and never joined with another's.
 */
import type { ChatChunk, ChatCompletion } from '../providers/types';
import { PLACEHOLDER_AT, canonicalPlaceholder, couldStartPlaceholder, type RedactionMap } from './placeholders';

export interface Restorer {
  /** The restored text that can be sent now. */
  push(chunk: string): string;
  /** Whatever was held back, at the end of the stream. */
  flush(): string;
}

type Lookup = Pick<RedactionMap, 'get'>;

const NEXT_OPEN = /[[［【]/g;

/** Restores `text`; returns what can be emitted and the tail held back (always '' when `final`). */
function restoreSome(text: string, map: Lookup, final: boolean): { out: string; held: string } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    NEXT_OPEN.lastIndex = i;
    const open = NEXT_OPEN.exec(text);
    if (!open) break;
    const j = open.index;
    out += text.slice(i, j);
    PLACEHOLDER_AT.lastIndex = j;
    const m = PLACEHOLDER_AT.exec(text);
    if (m) {
      out += map.get(canonicalPlaceholder(m[1], m[2])) ?? m[0];
      i = j + m[0].length;
      continue;
    }
    if (!final && couldStartPlaceholder(text.slice(j))) return { out, held: text.slice(j) };
    out += text[j];
    i = j + 1;
  }
  return { out: out + text.slice(i), held: '' };
}

export function restore(text: string, map: Lookup): string {
  return restoreSome(text, map, true).out;
}

export function createRestorer(map: Lookup): Restorer {
  let held = '';
  return {
    push(chunk) {
      if (!chunk) return '';
      const r = restoreSome(held + chunk, map, false);
      held = r.held;
      return r.out;
    },
    flush() {
      const r = restoreSome(held, map, true);
      held = '';
      return r.out;
    },
  };
}

/** A new restorer for one text of the answer (the gate's: identity for internal providers). */
export type NewRestorer = () => Restorer;

/** Text fields of a choice's message or delta other than content and tool calls. */
const ANSWER_TEXT_FIELDS = ['reasoning_content', 'reasoning', 'refusal'] as const;

type Fields = Record<string, unknown>;
type ToolCall = { index?: number; function?: { arguments?: unknown; [k: string]: unknown }; [k: string]: unknown };

function whole(newRestorer: NewRestorer, text: string): string {
  const r = newRestorer();
  return r.push(text) + r.flush();
}

/** Restores every text of a whole (non-streamed) completion, in place: every choice, every field. */
export function restoreCompletion(result: ChatCompletion, newRestorer: NewRestorer): void {
  for (const choice of result.choices ?? []) {
    const message = choice.message as Fields | undefined;
    if (!message) continue;
    for (const key of ['content', ...ANSWER_TEXT_FIELDS]) {
      if (typeof message[key] === 'string') message[key] = whole(newRestorer, message[key] as string);
    }
    const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as ToolCall[]) : [];
    for (const call of calls) {
      if (typeof call?.function?.arguments === 'string') call.function.arguments = whole(newRestorer, call.function.arguments);
    }
    const fc = message.function_call as ToolCall['function'] | undefined;
    if (fc && typeof fc.arguments === 'string') fc.arguments = whole(newRestorer, fc.arguments);
  }
}

export interface ChunkRestorer {
  /** Restores one chunk in place; returns its choices' restored content (for token counts and hashes). */
  push(chunk: ChatChunk): string;
  /**
   * At the end of the stream: a chunk carrying whatever is still held back for choices that never sent a
   * finish_reason (undefined when nothing is), so no text is lost when an upstream ends abruptly.
   */
  end(): ChatChunk | undefined;
}

/**
 * Restores a stream of chunks: one restorer per (choice, field) and per (choice, tool call), flushed into
 * the chunk that carries the choice's finish_reason.
 */
export function createChunkRestorer(newRestorer: NewRestorer): ChunkRestorer {
  const open = new Map<number, Map<string, Restorer>>();
  let last: ChatChunk | undefined;
  const restorerOf = (choice: number, field: string) => {
    let fields = open.get(choice);
    if (!fields) open.set(choice, (fields = new Map()));
    let r = fields.get(field);
    if (!r) fields.set(field, (r = newRestorer()));
    return r;
  };
  /** Appends every held tail of a choice to its delta and forgets the choice's restorers. */
  const flushInto = (index: number, delta: Fields): string => {
    const fields = open.get(index);
    open.delete(index);
    let content = '';
    for (const [field, r] of fields ?? []) {
      const tail = r.flush();
      if (!tail) continue;
      if (field.startsWith('tool:')) {
        const at = Number(field.slice(5));
        const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as ToolCall[]) : (delta.tool_calls = []) as ToolCall[];
        let call = calls.find((c) => (c.index ?? 0) === at);
        if (!call) calls.push((call = { index: at, function: { arguments: '' } }));
        call.function ??= {};
        call.function.arguments = `${typeof call.function.arguments === 'string' ? call.function.arguments : ''}${tail}`;
      } else {
        delta[field] = `${typeof delta[field] === 'string' ? delta[field] : ''}${tail}`;
        if (field === 'content') content += tail;
      }
    }
    return content;
  };
  return {
    push(chunk) {
      last = chunk;
      let content = '';
      for (const choice of chunk.choices ?? []) {
        const index = typeof choice.index === 'number' ? choice.index : 0;
        const delta = (choice.delta ?? {}) as Fields;
        for (const key of ['content', ...ANSWER_TEXT_FIELDS]) {
          const piece = delta[key];
          if (typeof piece === 'string' && piece) {
            delta[key] = restorerOf(index, key).push(piece);
            if (key === 'content') content += delta[key];
          }
        }
        const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as ToolCall[]) : [];
        calls.forEach((call, position) => {
          const piece = call?.function?.arguments;
          if (typeof piece === 'string' && piece) call.function!.arguments = restorerOf(index, `tool:${call.index ?? position}`).push(piece);
        });
        if (choice.finish_reason) {
          if (!choice.delta) choice.delta = delta as ChatChunk['choices'][number]['delta'];
          content += flushInto(index, delta);
        }
      }
      return content;
    },
    end() {
      if (!open.size) return undefined;
      const choices: ChatChunk['choices'] = [];
      for (const index of [...open.keys()].sort((a, b) => a - b)) {
        const delta: Fields = {};
        flushInto(index, delta);
        if (Object.keys(delta).length) choices.push({ index, delta: delta as ChatChunk['choices'][number]['delta'], finish_reason: null });
      }
      if (!choices.length) return undefined;
      const { id, object, created, model } = (last ?? {}) as Fields;
      return { id, object: object ?? 'chat.completion.chunk', created, model, choices } as ChatChunk;
    },
  };
}
