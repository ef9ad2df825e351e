/**
 * The classification gate: a request carries the stricter of the classification it declares and any
 * marking found in its text, and may go only to providers cleared for it. Every comparison fails closed: an
 * unknown request classification is above everything, an unknown provider limit is below everything.
 */
import { detectMarking } from '../../core/classification/markings';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import { HttpError } from '../types';

export interface ClassifiedProvider {
  id: string;
  external: boolean;
  maxClassification: Classification;
}

export interface Decision {
  classification: Classification;
  /** Ids of the providers that may receive this request, in the order given. */
  allowed: string[];
  /** Set when no provider may receive it: say this with a 403. */
  refused?: string;
}

/** 0 for UNCLASSIFIED up to 4 for TOP SECRET; -1 for anything else. */
export function classificationRank(c: string | undefined): number {
  return CLASSIFICATIONS.indexOf(c as Classification);
}

export function isClassification(c: unknown): c is Classification {
  return typeof c === 'string' && classificationRank(c) >= 0;
}

/** The stricter of two classifications. */
export function stricter(a: Classification, b: Classification): Classification {
  return classificationRank(b) > classificationRank(a) ? b : a;
}

/**
 * The strictest marking in one text, by the one marking reader (core/classification/markings.ts, shared with
 * the checker and knowledge indexing): normalised, so loose and disguised spellings count.
 */
export function detectInText(text: string): Classification {
  return detectMarking(text);
}

/**
 * The classification a request carries: the declared one or the strictest marking in any of its texts,
 * whichever is stricter. A declared value that is not a classification is a 400, never a silent downgrade.
 */
export function effectiveClassification(declared: Classification | undefined, texts: readonly string[]): Classification {
  if (declared !== undefined && !isClassification(declared)) {
    throw new HttpError(400, 'invalid_classification', `classification must be one of ${CLASSIFICATIONS.join(', ')}`);
  }
  let level: Classification = declared ?? 'UNCLASSIFIED';
  for (const text of texts) {
    if (level === 'TOP SECRET') break;
    level = stricter(level, detectInText(text));
  }
  return level;
}

/** Whether a provider cleared up to `limit` may receive text of `classification`. */
export function clearedFor(limit: Classification, classification: Classification): boolean {
  const need = classificationRank(classification);
  const have = classificationRank(limit);
  return need >= 0 && have >= 0 && have >= need;
}

export function allowedProviders<P extends ClassifiedProvider>(providers: readonly P[], classification: Classification): P[] {
  return providers.filter((p) => clearedFor(p.maxClassification, classification));
}

export function refusalReason(classification: Classification, department: string): string {
  return `${classification} text may only go to providers cleared for it; none is configured for department ${department}`;
}

/**
 * The gate's decision for one request. `providers` are those the department may use at all (after its
 * own policy); the decision narrows them to the ones cleared for the request's classification.
 */
export function decide(input: {
  declared?: Classification;
  texts: readonly string[];
  providers: readonly ClassifiedProvider[];
  department: string;
}): Decision {
  const classification = effectiveClassification(input.declared, input.texts);
  const allowed = allowedProviders(input.providers, classification).map((p) => p.id);
  return allowed.length ? { classification, allowed } : { classification, allowed, refused: refusalReason(classification, input.department) };
}

/** The 403 for a refused decision. */
export function refusalError(decision: Decision): HttpError {
  return new HttpError(403, 'classification_refused', decision.refused ?? `${decision.classification} text refused`);
}

/** decide(), throwing the 403 when nothing may receive the request. */
export function decideOrThrow(input: Parameters<typeof decide>[0]): Decision {
  const decision = decide(input);
  if (decision.refused) throw refusalError(decision);
  return decision;
}

/** The strictest of the classifications a request declares (body field, x-wenshu-classification header); undefined when none. */
export function declaredOf(...declared: Array<Classification | undefined>): Classification | undefined {
  let level: Classification | undefined;
  for (const c of declared) if (c) level = level ? stricter(level, c) : c;
  return level;
}
