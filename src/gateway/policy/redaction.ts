/**
 * Personal data out of text bound for an external provider, and back into its answer. Redacted (the patterns
 * are core/personal-data's, shared with the checker's personal-data rule; their comments say what each takes
 * and why): HKID numbers in every spelling (a bracketed check digit is taken even when wrong: a mistyped HKID
 * is still somebody's), every Hong Kong phone number (official ones too: a number next to a name says who
 * called), email addresses (internationalised too) and passport numbers. Full-width forms, odd spaces and
 * invisible characters inside a value do not hide it. Overlapping finds are merged, so no part of one leaks.
 *
 * One RedactionMap per request: the same value gets the same placeholder in every message. Never log it
 * (it refuses to be serialised anyway).
 */
import { findPersonalData } from '../../core/personal-data';
import type { ChatMessage } from '../providers/types';
import { RedactionMap, type PiiKind } from './placeholders';

export { RedactionMap } from './placeholders';
export type { PiiKind } from './placeholders';
export { createChunkRestorer, createRestorer, restore, restoreCompletion, type ChunkRestorer, type Restorer } from './restorer';

export interface RedactOptions {
  /** A map shared with other texts of the same request; a new one when absent. */
  map?: RedactionMap;
}

export interface Redacted {
  text: string;
  map: RedactionMap;
  /** How many places were replaced (not how many distinct values). */
  count: number;
}

interface Span {
  kind: PiiKind;
  start: number;
  end: number;
}

function findSpans(text: string): Span[] {
  // Not strict: a redactor errs towards redacting what looks like personal data.
  const spans: Span[] = findPersonalData(text, { strict: false });
  // Merge overlaps into one span (of the kind of its longest part), so nothing of either is left behind.
  const merged: Array<Span & { longest: number }> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      if (s.end - s.start > last.longest) {
        last.kind = s.kind;
        last.longest = s.end - s.start;
      }
      last.end = Math.max(last.end, s.end);
    } else {
      merged.push({ kind: s.kind, start: s.start, end: s.end, longest: s.end - s.start });
    }
  }
  return merged;
}

export function redact(text: string, options: RedactOptions = {}): Redacted {
  const map = options.map ?? new RedactionMap();
  map.reserve(text);
  return redactWith(text, map);
}

function redactWith(text: string, map: RedactionMap): Redacted {
  const spans = findSpans(text);
  if (!spans.length) return { text, map, count: 0 };
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + map.placeholderFor(s.kind, text.slice(s.start, s.end));
    at = s.end;
  }
  return { text: out + text.slice(at), map, count: spans.length };
}


/** Text fields of a message besides `content`: a reasoning model's thoughts sent back in the history, a refusal. */
const MESSAGE_TEXT_FIELDS = ['reasoning_content', 'reasoning', 'refusal'] as const;

/**
 * Every text of a message that goes to the model: content (string or text parts), reasoning, refusal and
 * tool-call arguments. `args` handles arguments (JSON text).
 */
function mapTexts(message: ChatMessage, f: (text: string) => string, args: (text: string) => string = f): ChatMessage {
  const copy: ChatMessage = { ...message };
  if (typeof message.content === 'string') {
    copy.content = f(message.content);
  } else if (Array.isArray(message.content)) {
    copy.content = message.content.map((part) =>
      part && typeof part === 'object' && typeof part.text === 'string' ? { ...part, text: f(part.text) } : part,
    );
  }
  for (const key of MESSAGE_TEXT_FIELDS) {
    const value = (message as Record<string, unknown>)[key];
    if (typeof value === 'string') (copy as Record<string, unknown>)[key] = f(value);
  }
  const withArguments = (call: unknown): unknown => {
    if (!call || typeof call !== 'object') return call;
    const fn = (call as { function?: unknown }).function;
    if (fn && typeof fn === 'object' && typeof (fn as { arguments?: unknown }).arguments === 'string') {
      return { ...call, function: { ...fn, arguments: args((fn as { arguments: string }).arguments) } };
    }
    if (typeof (call as { arguments?: unknown }).arguments === 'string') return { ...call, arguments: args((call as { arguments: string }).arguments) };
    return call;
  };
  if (Array.isArray(message.tool_calls)) copy.tool_calls = message.tool_calls.map(withArguments);
  if (message.function_call) copy.function_call = withArguments(message.function_call);
  return copy;
}

/**
 * Tool-call arguments are JSON text, where a value after an escaped "\n" ("Call\\n2868-0000") defeats the
 * patterns' look-behinds (the "n" is a letter), and "\u0040" hides an "@". So JSON arguments are parsed, every
 * string in them redacted, and serialised again; arguments that are not JSON are redacted as text.
 */
function redactArguments(text: string, map: RedactionMap, counted: (n: number) => void): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const r = redactWith(text, map);
    counted(r.count);
    return r.text;
  }
  // Any JSON value, a bare string ("\"Call\\n2868-0000\"") included: the escapes are undone before matching.
  let count = 0;
  const out = walk(parsed, (t) => {
    const r = redactWith(t, map);
    count += r.count;
    return r.text;
  });
  counted(count);
  return count ? JSON.stringify(out) : text;
}

/**
 * Redacts an OpenAI chat `messages` array (other keys of each message are copied as they are) into a new one (the input is not changed), all messages sharing one map,
 * so "[EMAIL_1]" means the same address in the system prompt, the quoted email and the question.
 */
export function redactMessages(messages: readonly ChatMessage[], options: RedactOptions = {}): { messages: ChatMessage[]; map: RedactionMap; count: number } {
  const map = options.map ?? new RedactionMap();
  // Reserve first, over every text, so a placeholder-shaped string in a later message is never handed out.
  for (const m of messages) mapTexts(m, (t) => (map.reserve(t), t));
  let count = 0;
  const out = messages.map((m) =>
    mapTexts(
      m,
      (t) => {
        const r = redactWith(t, map);
        count += r.count;
        return r.text;
      },
      (t) => redactArguments(t, map, (n) => (count += n)),
    ),
  );
  return { messages: out, map, count };
}

/**
 * Redacts every string inside a value (array items, object values and keys), all sharing one map, and
 * returns a copy; the input is not changed. For kept text: redacting the JSON after JSON.stringify misses
 * a value that follows an escaped "\n" (the "n" defeats the patterns' look-behinds), so redact first and
 * serialise after.
 */
export function redactDeep<T>(value: T, options: RedactOptions = {}): { value: T; map: RedactionMap; count: number } {
  const map = options.map ?? new RedactionMap();
  let count = 0;
  // Reserve over every string first, so a placeholder-shaped string elsewhere in the value is never handed out.
  walk(value, (t) => (map.reserve(t), t));
  const out = walk(value, (t) => {
    const r = redactWith(t, map);
    count += r.count;
    return r.text;
  });
  return { value: out as T, map, count };
}

function walk(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, f));
  if (value && typeof value === 'object') {
    // Serialise as JSON.stringify would (a Date becomes its string), then redact that.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), f);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[f(k)] = walk(v, f);
    return out;
  }
  return value;
}
