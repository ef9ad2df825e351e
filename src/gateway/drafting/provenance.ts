/**
 * The provenance record every model draft carries: which template (and which version of it: a content hash of
 * the pack files it came from), which rule sets (each with a content hash), which model and provider wrote
 * each section, how many repair rounds, which findings were open at hand-over, and the officer (the same user
 * id the audit record keeps, nothing more personal).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtinRuleSets } from '../../core/checks';
import { departmentRuleSet, ruleSetsFor } from '../../core/checks/for-department';
import type { Finding } from '../../core/checks/types';
import type { DraftOutcome } from '../../core/drafting/model-draft';
import type { DraftProvenance } from '../../core/drafting/provenance-record';
import type { Department, Template } from '../../core/templates/types';

export type Provenance = DraftProvenance;

const versions = new WeakMap<Template, string>();

/** sha256 (first 16 hex digits) over department.yaml, template.yaml and the bodies, as the files hold them. */
export function templateVersion(template: Template, department: Department): string {
  const known = versions.get(template);
  if (known) return known;
  const hash = createHash('sha256');
  // A .docx body counts too (it is filled into the .docx drafts), also when a Markdown body stands beside it.
  const files = [department.file, template.file, ...Object.values(template.bodies).flatMap((b) => (b ? [b.file, ...(b.docx && b.docx.file !== b.file ? [b.docx.file] : [])] : []))];
  for (const file of files) {
    hash.update(file.split(/[\\/]/).slice(-2).join('/'));
    try {
      hash.update(readFileSync(file));
    } catch {
      // A pack not read from disk (tests, memory sources): its parsed content stands in for the file.
      hash.update(JSON.stringify({ ...template, dir: undefined, file: undefined, bodies: Object.keys(template.bodies) }));
    }
  }
  const version = `sha256:${hash.digest('hex').slice(0, 16)}`;
  versions.set(template, version);
  return version;
}

/** The template as provenance and GET /v1/templates name it: key, content hash, and its own label if any. */
export function templateRef(template: Template, department: Department): { id: string; version: string; label?: string } {
  return { id: template.key, version: templateVersion(template, department), ...(template.version ? { label: template.version } : {}) };
}

const ruleVersions = new Map<string, string>();

export function ruleSetVersions(department: Department, template: Template): Array<{ id: string; version: string }> {
  const sets = builtinRuleSets();
  const out = ruleSetsFor(department, template).map((id) => {
    let version = ruleVersions.get(id);
    if (!version) {
      version = `sha256:${createHash('sha256').update(JSON.stringify(sets.get(id) ?? id)).digest('hex').slice(0, 16)}`;
      ruleVersions.set(id, version);
    }
    return { id, version };
  });
  const own = departmentRuleSet(department);
  if (own) out.push({ id: own.id, version: `sha256:${createHash('sha256').update(JSON.stringify(own.rules)).digest('hex').slice(0, 16)}` });
  return out;
}

/** The offline composer's draft: every section filled by rule from the fields, key points and sources. */
export function offlineProvenanceOf(input: { template: Template; department: Department; officer: string; sections: readonly string[]; findings: readonly Finding[] }): Provenance {
  const { template, department } = input;
  return {
    template: templateRef(template, department),
    ruleSets: ruleSetVersions(department, template),
    frame: { composer: 'template' },
    sections: input.sections.map((id) => ({ id, composer: 'offline', provider: 'offline', repaired: false })),
    repairRounds: 0,
    findingsAtHandOver: input.findings.map((f) => ({ ruleId: f.ruleId, level: f.level })),
    officer: input.officer,
    createdAt: new Date().toISOString(),
  };
}

export function provenanceOf(input: { template: Template; department: Department; officer: string; outcome: DraftOutcome; findings: readonly Finding[] }): Provenance {
  const { template, department, outcome } = input;
  return {
    template: templateRef(template, department),
    ruleSets: ruleSetVersions(department, template),
    frame: { composer: 'template' },
    sections: outcome.parts.flatMap((p) => (p.part === 'section' ? [{ id: p.id, composer: p.composer, model: p.model, provider: p.provider, repaired: p.repaired }] : [])),
    repairRounds: outcome.repairRounds,
    findingsAtHandOver: input.findings.map((f) => ({ ruleId: f.ruleId, level: f.level })),
    officer: input.officer,
    createdAt: new Date().toISOString(),
  };
}
