/**
 * Checks a body against its template.yaml: what the schema alone cannot see. Problems in the body point at the
 * body; a section the body forgets points at its entry in template.yaml.
 */
import type { BodyProblem, BodyTemplate } from './body';
import { didYouMean, formatPath } from './errors';
import { BUILTIN_PLACEHOLDERS, type TemplateSpec } from './schema';

export interface SpecProblem {
  path: (string | number)[];
  message: string;
}

export function checkBody(spec: TemplateSpec, body: BodyTemplate, bodyFile: string): { body: BodyProblem[]; spec: SpecProblem[] } {
  const bodyProblems: BodyProblem[] = [];
  const specProblems: SpecProblem[] = [];
  const fieldIds = spec.fields.map((f) => f.id);
  const sectionIndex = new Map(spec.sections.map((s, i) => [s.id, i]));
  const builtins: readonly string[] = BUILTIN_PLACEHOLDERS;

  for (const p of body.placeholders) {
    const at = { line: p.line, column: p.column };
    const tag = `{{${p.name}}}`;
    if (fieldIds.includes(p.name)) continue;
    if (!builtins.includes(p.name)) {
      const hint = didYouMean(p.name, [...fieldIds, ...builtins]);
      const declared = fieldIds.length ? `; declared fields: ${fieldIds.join(', ')}` : '';
      bodyProblems.push({ ...at, message: `${tag} is not a declared field or a built-in placeholder${hint || declared}` });
    } else if ((p.name === 'title' || p.name === 'points') && !p.section) {
      bodyProblems.push({ ...at, message: `${tag} belongs inside a section ({{#section id}} … {{/section}})` });
    } else if (p.name === 'points' && p.section) {
      const section = spec.sections[sectionIndex.get(p.section) ?? -1];
      if (section && !section.acceptsKeyPoints) {
        bodyProblems.push({ ...at, message: `${tag} is in section "${p.section}", which does not accept key points (set acceptsKeyPoints: true)` });
      }
    } else if ((p.name === 'salutation' || p.name === 'close') && !spec.addressee) {
      bodyProblems.push({ ...at, message: `${tag} is derived from the addressee: name the addressee field with "addressee:" in template.yaml` });
    }
  }

  const seen = new Map<string, number>();
  let lastIndex = -1;
  let lastId = '';
  for (const seg of body.segments) {
    if (seg.kind !== 'section') continue;
    const at = { line: seg.line, column: seg.column };
    const index = sectionIndex.get(seg.id);
    if (index === undefined) {
      const hint = didYouMean(seg.id, [...sectionIndex.keys()]);
      bodyProblems.push({ ...at, message: `section "${seg.id}" is not declared under sections: in template.yaml${hint}` });
      continue;
    }
    if (seen.has(seg.id)) {
      bodyProblems.push({ ...at, message: `section "${seg.id}" appears twice (first on line ${seen.get(seg.id)})` });
      continue;
    }
    seen.set(seg.id, seg.line);
    if (index < lastIndex) {
      bodyProblems.push({ ...at, message: `section "${seg.id}" comes after "${lastId}" here but before it in template.yaml; keep the same order` });
    } else {
      lastIndex = index;
      lastId = seg.id;
    }
  }

  spec.sections.forEach((s, i) => {
    if (!seen.has(s.id)) {
      specProblems.push({ path: ['sections', i, 'id'], message: `${formatPath(['sections', i])} ("${s.id}") has no {{#section ${s.id}}} marker in ${bodyFile}` });
      return;
    }
    if (s.acceptsKeyPoints && !body.placeholders.some((p) => p.name === 'points' && p.section === s.id)) {
      specProblems.push({
        path: ['sections', i, 'acceptsKeyPoints'],
        message: `${formatPath(['sections', i])} ("${s.id}") accepts key points but has no {{points}} in ${bodyFile}`,
      });
    }
  });
  return { body: bodyProblems, spec: specProblems };
}
