import type { z } from 'zod';
import type { Block } from '../../text/document';
import { formatMessage } from '../message';
import type { PairingRule } from '../spec';
import type { CompiledRule } from '../types';
import { compileRegex } from './shared';

type Spec = z.infer<typeof PairingRule>;

interface Located {
  block: Block;
  start: number;
  end: number;
  text: string;
}

/**
 * Salutation and complimentary close: the first salutation decides which close the document needs
 * ("Dear Sir/Madam" -> "Yours faithfully"; "Dear Mr Chan" -> "Yours sincerely"). The last close is checked.
 */
export function compilePairing(id: string, spec: Spec): CompiledRule {
  const closes = compileRegex(spec.closes, id, 'm');
  const pairs = spec.pairs.map((p) => ({ open: compileRegex(p.open, id, 'm'), close: compileRegex(p.close, id, 'm'), replacement: p.replacement }));
  const find = (re: RegExp, block: Block): Located | undefined => {
    re.lastIndex = 0;
    const m = re.exec(block.text);
    return m && m[0] ? { block, start: m.index, end: m.index + m[0].length, text: m[0] } : undefined;
  };
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit) {
      let opening: { at: Located; pair: (typeof pairs)[number] } | undefined;
      for (const block of doc.blocks) {
        for (const pair of pairs) {
          const at = find(pair.open, block);
          if (at) {
            opening = { at, pair };
            break;
          }
        }
        if (opening) break;
      }
      if (!opening) return;
      let close: Located | undefined;
      const openIndex = doc.blocks.indexOf(opening.at.block);
      for (let i = doc.blocks.length - 1; i > openIndex && !close; i--) close = find(closes, doc.blocks[i]);
      const { pair } = opening;
      if (!close) {
        const at = opening.at;
        emit({ block: at.block.id, start: at.start, end: at.end, text: at.text, message: formatMessage(spec.message, [pair.replacement, at.text]), fixes: [] });
        return;
      }
      pair.close.lastIndex = 0;
      if (pair.close.test(close.text)) return;
      emit({
        block: close.block.id,
        start: close.start,
        end: close.end,
        text: close.text,
        message: formatMessage(spec.message, [pair.replacement, close.text]),
        fixes: [{ replacement: pair.replacement }],
      });
    },
  };
}
