/** Security-classification markings, as printed at the top and bottom of a classified document. */
import type { Classification } from '../checks/types';
import type { Bilingual, Lang } from './schema';

export const CLASSIFICATION_MARKINGS: Record<Exclude<Classification, 'UNCLASSIFIED'>, Bilingual> = {
  RESTRICTED: { en: 'RESTRICTED', 'zh-HK': '限閱文件' },
  CONFIDENTIAL: { en: 'CONFIDENTIAL', 'zh-HK': '機密' },
  SECRET: { en: 'SECRET', 'zh-HK': '高度機密' },
  'TOP SECRET': { en: 'TOP SECRET', 'zh-HK': '絕對機密' },
};

/** The marking for a classification in a language; undefined for UNCLASSIFIED, which carries none. */
export function classificationMarking(level: Classification, lang: Lang): string | undefined {
  return level === 'UNCLASSIFIED' ? undefined : CLASSIFICATION_MARKINGS[level][lang];
}
