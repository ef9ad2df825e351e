/**
 * A draft made with a model, as generate() runs it: the model's pieces go into a core ModelDraft, which
 * releases the frame and each settled section in template order; when the answer has ended, at most one repair
 * call (through generate's `again`: same gate, quota and audit) for what verification found; then the rest.
 */
import { randomBytes } from 'node:crypto';
import type { Finding } from '../../core/checks/types';
import { ModelDraft, type ModelDraftSetup } from '../../core/drafting/model-draft';
import type { ModelAnswer, ModelPass } from '../generate';
import { buildRepairRequest, type PromptNonces } from './prompt';
import type { Provenance } from './provenance';

/** A short random nonce for tag names: letters and digits, never guessable from outside the request. */
export function newNonce(): string {
  return randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toLowerCase();
}

export function newNonces(): PromptNonces {
  return { data: newNonce(), section: newNonce() };
}

export interface DraftPassSetup extends ModelDraftSetup {
  instructions: string;
  request: string;
  nonces: PromptNonces;
  provenance(outcome: ReturnType<ModelDraft['outcome']>): Provenance;
  onRepairFailed?(reason: string): void;
}

export function draftPass(setup: DraftPassSetup): ModelPass {
  const draft = new ModelDraft(setup);
  let repairError: string | undefined;
  return {
    async *run(raw, provider, again) {
      // Yield paragraph by paragraph, so a long section still streams in visible steps.
      const out = function* (text: string) {
        for (const part of text.split(/(?<=\n\n)/)) if (part) yield part;
      };
      for await (const piece of raw) yield* out(draft.push(piece, provider));
      const fixable = draft.finishAnswer(provider);
      if (fixable.length) {
        const plan = draft.repairPlan();
        const request = buildRepairRequest(setup.request, {
          lang: draft.lang,
          nonces: setup.nonces,
          sections: plan.sections,
          problems: plan.issues.map((i) => ({ section: i.section, message: i.message })),
        });
        let answer: ModelAnswer | undefined;
        try {
          answer = await again({ instructions: setup.instructions, request });
        } catch (err) {
          // A failed repair never fails the draft: the first answer stands, with its findings shown.
          repairError = (err as Error).message;
          setup.onRepairFailed?.(repairError);
        }
        if (answer) draft.acceptRepair(answer.text, answer.provider);
      }
      yield* out(draft.finish());
    },
    findings(): Finding[] {
      return draft.outcome().findings;
    },
    applied() {
      return draft.outcome().applied;
    },
    done() {
      const o = draft.outcome();
      return {
        parts: o.parts,
        repaired: o.repairRounds > 0,
        verification: {
          format: o.format,
          found: o.found.map(({ code, section, text, factKind }) => ({ code, section, text, factKind })),
          remaining: o.remaining.length,
          repairRounds: o.repairRounds,
          ...(repairError ? { repairFailed: true } : {}),
        },
        provenance: setup.provenance(o),
      };
    },
  };
}
