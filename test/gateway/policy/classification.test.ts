import {
  allowedProviders,
  classificationRank,
  decide,
  decideOrThrow,
  effectiveClassification,
  refusalError,
  type ClassifiedProvider,
} from '../../../src/gateway/policy/classification';
import { HttpError } from '../../../src/gateway/types';

const memo = (marking: string) => `${marking}\n\n致：環境衞生專員\n事由：街市檢討\n\n${marking}`;

describe('effectiveClassification', () => {
  it('is UNCLASSIFIED with nothing declared or marked', () => {
    expect(effectiveClassification(undefined, ['Please draft a reply about opening hours.'])).toBe('UNCLASSIFIED');
    expect(effectiveClassification(undefined, [])).toBe('UNCLASSIFIED');
  });

  it('takes a marking detected in the text when it is stricter than the declaration', () => {
    expect(effectiveClassification('RESTRICTED', ['hello', memo('CONFIDENTIAL')])).toBe('CONFIDENTIAL');
    expect(effectiveClassification(undefined, [memo('限閱文件')])).toBe('RESTRICTED');
    expect(effectiveClassification('UNCLASSIFIED', [memo('機密')])).toBe('CONFIDENTIAL');
    expect(effectiveClassification(undefined, ['# SECRET\n\nbody'])).toBe('SECRET');
  });

  it('keeps the declaration when it is stricter than any marking', () => {
    expect(effectiveClassification('SECRET', [memo('RESTRICTED')])).toBe('SECRET');
    expect(effectiveClassification('RESTRICTED', ['no marking here'])).toBe('RESTRICTED');
  });

  it('takes the strictest marking across all texts', () => {
    expect(effectiveClassification(undefined, [memo('RESTRICTED'), 'x', memo('TOP SECRET')])).toBe('TOP SECRET');
  });

  it('refuses an unknown declared classification with 400 instead of downgrading', () => {
    expect(() => effectiveClassification('restricted' as never, [])).toThrow(HttpError);
    try {
      effectiveClassification('SECRETISH' as never, []);
    } catch (e) {
      expect((e as HttpError).statusCode).toBe(400);
    }
  });
});

describe('providers and decisions', () => {
  const external: ClassifiedProvider = { id: 'deepseek-api', external: true, maxClassification: 'UNCLASSIFIED' };
  const local: ClassifiedProvider = { id: 'local-llm', external: false, maxClassification: 'RESTRICTED' };
  const offline: ClassifiedProvider = { id: 'offline', external: false, maxClassification: 'TOP SECRET' };

  it('ranks classifications in order, unknown as -1', () => {
    expect(['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'].map(classificationRank)).toEqual([0, 1, 2, 3, 4]);
    expect(classificationRank('PUBLIC')).toBe(-1);
  });

  it('allows providers cleared up to or above the classification', () => {
    expect(allowedProviders([external, local, offline], 'UNCLASSIFIED').map((p) => p.id)).toEqual(['deepseek-api', 'local-llm', 'offline']);
    expect(allowedProviders([external, local, offline], 'RESTRICTED').map((p) => p.id)).toEqual(['local-llm', 'offline']);
    expect(allowedProviders([external, local, offline], 'SECRET').map((p) => p.id)).toEqual(['offline']);
  });

  it('fails closed on a provider with an unknown limit', () => {
    expect(allowedProviders([{ id: 'odd', external: false, maxClassification: 'PUBLIC' as never }], 'UNCLASSIFIED')).toEqual([]);
  });

  it('routes a marked request only to cleared providers', () => {
    expect(decide({ texts: [memo('RESTRICTED')], providers: [external, local], department: 'fehd' })).toEqual({ classification: 'RESTRICTED', allowed: ['local-llm'] });
  });

  it('refuses when only an external provider up to UNCLASSIFIED exists', () => {
    const d = decide({ texts: [memo('RESTRICTED')], providers: [external], department: 'fehd' });
    expect(d).toEqual({
      classification: 'RESTRICTED',
      allowed: [],
      refused: 'RESTRICTED text may only go to providers cleared for it; none is configured for department fehd',
    });
    const e = refusalError(d);
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('classification_refused');
    expect(() => decideOrThrow({ declared: 'RESTRICTED', texts: ['hi'], providers: [external], department: 'fehd' })).toThrow(/RESTRICTED text may only go/);
  });

  it('names the classification in the refusal: declared vs detected, the stricter wins', () => {
    const d = decide({ declared: 'RESTRICTED', texts: [memo('CONFIDENTIAL')], providers: [external, local], department: 'fehd' });
    expect(d.refused).toBe('CONFIDENTIAL text may only go to providers cleared for it; none is configured for department fehd');
    expect(decide({ declared: 'CONFIDENTIAL', texts: [memo('RESTRICTED')], providers: [local], department: 'ld' }).refused).toMatch(/^CONFIDENTIAL text/);
  });

  it('refuses with no providers at all', () => {
    expect(decide({ texts: ['hi'], providers: [], department: 'ld' }).refused).toMatch(/^UNCLASSIFIED text/);
  });
});
