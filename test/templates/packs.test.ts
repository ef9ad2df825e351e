import { formatDiagnostic } from '../../src/core/templates/errors';
import { findTemplate, templateKeys } from '../../src/core/templates/loader';
import { KINDS } from '../../src/core/templates/schema';
import { BUNDLED_TEMPLATES_DIR, loadPacksFromDir } from '../../src/node/pack-source';

const packs = loadPacksFromDir(BUNDLED_TEMPLATES_DIR);

describe('bundled packs', () => {
  it('load with no diagnostics', () => {
    expect(packs.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it.each(['fehd', 'td'])('%s has a template of every kind, in both languages', (dept) => {
    const department = packs.departments.find((d) => d.id === dept);
    expect(department).toBeDefined();
    expect(department!.templates.map((t) => t.kind).sort()).toEqual([...KINDS].sort());
    for (const t of department!.templates) {
      expect(t.languages.sort()).toEqual(['en', 'zh-HK']);
      expect(Object.keys(t.bodies).sort()).toEqual(['en', 'zh-HK']);
    }
  });

  it.each(['fehd', 'td'])('%s has a glossary of 20+ terms, a policy and department rules', (dept) => {
    const department = packs.departments.find((d) => d.id === dept)!;
    expect(department.glossary.length).toBeGreaterThanOrEqual(20);
    expect(department.policy.providers.map((p) => p.id)).toEqual(['local-llm', 'external-cloud', 'offline']);
    expect(Object.keys(department.houseRules.rules).length).toBeGreaterThanOrEqual(1);
    expect(department.signatory?.signsFor.en).toBeTruthy();
  });

  it('finds templates by department/id', () => {
    expect(findTemplate(packs, 'fehd/reply-public')?.kind).toBe('letter');
    expect(findTemplate(packs, 'td/memo')?.titles['zh-HK']).toBe('便箋');
    expect(findTemplate(packs, 'fehd/nothing')).toBeUndefined();
    expect(findTemplate(packs, 'nobody/memo')).toBeUndefined();
    expect(templateKeys(packs)).toContain('td/press-release');
  });
});
