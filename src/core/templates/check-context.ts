/** What a template tells the checker about a document drafted from it. */
import type { CheckContext, Classification } from '../checks/types';
import type { Lang } from './schema';
import type { Template } from './types';

/**
 * The declared classification, the language, and the required sections the checker can look for: those whose
 * title the body prints ({{title}}). A section without a printed title (a letter's paragraphs) cannot be found
 * by title, so it is not handed to the structure check.
 */
export function templateCheckContext(template: Template, lang: Lang, classification?: Classification): CheckContext {
  const body = template.bodies[lang] ?? Object.values(template.bodies)[0];
  const headed = new Set((body?.template.placeholders ?? []).filter((p) => p.name === 'title' && p.section).map((p) => p.section as string));
  return {
    classification: classification ?? template.classification,
    requiredSections: template.sections
      .filter((s) => s.required && headed.has(s.id))
      .map((s) => ({ id: s.id, titles: [s.titles['zh-HK'], s.titles.en] })),
    lang,
    documentKind: template.kind,
  };
}
