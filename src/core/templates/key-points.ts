/**
 * Puts each key point in a section that accepts key points: the one whose keywords it mentions most, else the
 * first accepting section without keywords (the catch-all, e.g. "response"), else the first accepting section.
 */
import type { Bilingual, Lang, SectionSpec } from './schema';

export interface Placement {
  bySection: Map<string, string[]>;
  warnings: Bilingual[];
}

export function placeKeyPoints(sections: readonly SectionSpec[], points: readonly string[], lang: Lang): Placement {
  const bySection = new Map<string, string[]>();
  const warnings: Bilingual[] = [];
  const accepting = sections.filter((s) => s.acceptsKeyPoints);
  const catchAll = accepting.find((s) => !s.keywords.length) ?? accepting[0];
  for (const raw of points) {
    const point = tidyPoint(raw, lang);
    if (!point) continue;
    if (!catchAll) {
      warnings.push({ en: `This template has no section for key points; left out: ${point}`, 'zh-HK': `此範本沒有可放置要點的部分，以下要點未有納入：${point}` });
      continue;
    }
    let best = catchAll;
    let bestScore = 0;
    for (const s of accepting) {
      const score = s.keywords.filter((k) => mentions(point, k)).length;
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    bySection.set(best.id, [...(bySection.get(best.id) ?? []), point]);
  }
  return { bySection, warnings };
}

/** Latin keywords match whole words with their endings ("seek", "seeks"; "by" not in "bypass"); Chinese ones anywhere. */
function mentions(point: string, keyword: string): boolean {
  if (/^[\x20-\x7e]+$/.test(keyword)) {
    const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![A-Za-z0-9])${escaped}(?:s|es|d|ed|ing)?(?![A-Za-z0-9])`, 'i').test(point);
  }
  return point.includes(keyword);
}

const ZH_END = /[。！？：；」』）]$/;
const EN_END = /[.!?:;]["')\]]?$/;

/**
 * A key point as a sentence: no list marker, an initial capital in English, and a full stop (。 in Chinese), so
 * the draft reads as prose and passes the punctuation rules.
 */
export function tidyPoint(raw: string, lang: Lang): string {
  let p = raw.trim().replace(/^(?:[-*•·]|\d+[.)、])\s*/u, '').trim();
  if (!p) return '';
  // A point with no Chinese in a Chinese draft (a name, a figure) keeps English punctuation.
  if (lang === 'en' || !/\p{Script=Han}/u.test(p)) {
    p = p.replace(/\s+/g, ' ');
    p = p.charAt(0).toUpperCase() + p.slice(1);
    return EN_END.test(p) ? p : `${p}.`;
  }
  p = p.replace(/\s*\n\s*/g, '');
  if (ZH_END.test(p)) return p;
  if (/[.,;]$/.test(p)) p = p.slice(0, -1);
  return `${p}。`;
}
