/**
 * Puts personal data back where an external model wrote placeholders: on a whole text, or on a stream,
 * where a placeholder may arrive split over several chunks ("[EMA" + "IL_1]"). The streaming restorer
 * holds back only a tail that could still become a placeholder (at most 15 characters), so text flows on
 * as it arrives. Placeholders the map does not know are left as they are.
 */
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
