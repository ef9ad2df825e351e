import type { z } from 'zod';
import { documentText } from '../../text/document';
import { formatMessage } from '../message';
import type { RequiredRule } from '../spec';
import type { CompiledRule } from '../types';
import { compileRegex, firstTextBlock } from './shared';

type Spec = z.infer<typeof RequiredRule>;

/** A part that must be present (a reference line, say), reported at the start of the document when missing. */
export function compileRequired(id: string, spec: Spec): CompiledRule {
  const patterns = spec.patterns.map((p) => compileRegex(p, id, 'm'));
  const when = spec.when ? compileRegex(spec.when, id, 'm') : undefined;
  const test = (re: RegExp, text: string) => {
    re.lastIndex = 0;
    return re.test(text);
  };
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit, _state, context) {
      if (context.documentKind && spec.exceptKinds.includes(context.documentKind)) return;
      const text = documentText(doc);
      if (when && !test(when, text)) return;
      if (patterns.some((re) => test(re, text))) return;
      const at = firstTextBlock(doc.blocks);
      if (!at) return;
      emit({ block: at.id, start: 0, end: 0, text: '', message: formatMessage(spec.message, [spec.name['zh-HK']], [spec.name.en]), fixes: [] });
    },
  };
}
