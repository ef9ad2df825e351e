import * as path from 'node:path';
import { formatDiagnostic } from '../../src/core/templates/errors';
import { loadPacks, type LoadOptions } from '../../src/core/templates/loader';
import { memoryPackSource } from '../../src/core/templates/source';
import { nodePackSource } from '../../src/node/pack-source';

const fixtures = path.join(__dirname, 'fixtures');

describe('broken packs on disk (test/templates/fixtures/broken)', () => {
  const result = loadPacks(nodePackSource(fixtures), 'broken');
  const lines = result.diagnostics.map(formatDiagnostic);

  it.each([
    ['bad YAML syntax', 'broken/demo/bad-yaml/template.yaml:9:5: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }'],
    ['a wrong type', 'broken/demo/wrong-type/template.yaml:9:5: fields[0].type must be one of text, longtext, date, reference, person, enum (got "number")'],
    ['an unknown field in a body placeholder', 'broken/demo/unknown-placeholder/body.en.md:1:3: {{subjct}} is not a declared field or a built-in placeholder; did you mean "subject"?'],
    ['a missing section marker', 'broken/demo/missing-marker/template.yaml:15:5: sections[1] ("action") has no {{#section action}} marker in body.en.md'],
    ['a bad regex pattern', 'broken/demo/bad-pattern/template.yaml:11:5: fields[0].pattern is not a valid regular expression: Unterminated character class'],
    ['an unknown rule set', 'broken/demo/unknown-ruleset/template.yaml:6:26: ruleSets[1] must be one of hk-zh-formal, hk-zh-punctuation, hk-zh-characters, hk-en-style, hk-gov-structure, hk-gov-names, pii, classification (got "hk-zh-formel")'],
    ['a repeated field id', 'broken/demo/several/template.yaml:10:5: fields[1].id repeats field id "subject"'],
    ['an enum default that is not an option', 'broken/demo/several/template.yaml:13:5: fields[1].default must be one of the options normal (got "urgent")'],
    ['a misspelt key', 'broken/demo/several/template.yaml:19:5: sections[0]: unknown key "acceptKeyPoints"; did you mean "acceptsKeyPoints"?'],
    ['an unknown rule set in department.yaml', 'broken/baddept/department.yaml:5:5: houseRules.ruleSets: unknown key "hk-zh-formel"; did you mean "hk-zh-formal"?'],
    [
      'an unknown rule type',
      'broken/baddept/department.yaml:8:7: houseRules.rules.old-name.extends must be one of existence, substitution, occurrence, consistency, conditional, required, pairing, script, punctuation, pii, classification, structure (got "existance")',
    ],
    ['an empty list', 'broken/baddept/department.yaml:12:3: policy.providers must not be empty'],
    ['a pack without department.yaml', 'broken/orphan/department.yaml:1:1: missing: the pack orphan has templates but no department.yaml'],
  ])('reports %s', (_, expected) => {
    expect(lines).toContain(expected);
  });

  it('reports nothing else, sorted by file and place', () => {
    expect(lines).toHaveLength(13);
    expect([...lines].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))).toEqual(lines);
  });

  it('skips what is broken and loads the rest', () => {
    expect(result.departments.map((d) => `${d.id}: ${d.templates.map((t) => t.id).join(', ')}`)).toEqual(['demo: ok']);
  });
});

const DEPT = 'id: demo\nnames: { zh-HK: 示範署, en: Demonstration Department }\npolicy:\n  providers:\n    - { id: offline, external: false, maxClassification: TOP SECRET }\n';
const TEMPLATE = [
  'id: t',
  'kind: letter',
  'titles: { zh-HK: 公函, en: Letter }',
  'description: { zh-HK: 測試範本。, en: A test template. }',
  'languages: [en]',
  'fields:',
  '  - id: subject',
  '    labels: { zh-HK: 標題, en: Subject }',
  '    type: text',
  'sections:',
  '  - id: opening',
  '    titles: { zh-HK: 開首, en: Opening }',
  '  - id: details',
  '    titles: { zh-HK: 詳情, en: Details }',
  '    acceptsKeyPoints: true',
  '',
].join('\n');
const BODY = '{{subject}}\n\n{{#section opening}}\nHello.\n{{/section}}\n\n{{#section details}}\n{{points}}\n{{/section}}\n';

function lint(files: Record<string, string | Uint8Array>, options?: LoadOptions): string[] {
  return loadPacks(memoryPackSource({ 'p/demo/department.yaml': DEPT, ...files }), 'p', options).diagnostics.map(formatDiagnostic);
}

const BODIES: Array<[string, string, string[]]> = [
  ['a nested section', '{{#section opening}}\n{{#section details}}\n{{points}}\n{{/section}}\n', [
    'body.en.md:2:1: {{#section details}} starts inside section "opening" (line 1); close it first with {{/section}}',
  ]],
  ['an unclosed section', '{{#section opening}}\nHello.\n{{/section}}\n{{#section details}}\n{{points}}\n', [
    'body.en.md:4:1: section "details" is never closed with {{/section}}',
  ]],
  ['a stray end marker', '{{/section}}\n{{#section opening}}\n{{/section}}\n{{#section details}}\n{{points}}\n{{/section}}\n', [
    'body.en.md:1:1: {{/section}} without a {{#section id}} before it',
  ]],
  ['a marker inside a line', 'Text {{#section opening}}\n{{#section details}}\n{{points}}\n{{/section}}\n', [
    'body.en.md:1:6: {{#section opening}}: section markers go on a line of their own, as {{#section id}} … {{/section}}',
    'template.yaml:11:5: sections[0] ("opening") has no {{#section opening}} marker in body.en.md',
  ]],
  ['a malformed placeholder', '{{ our ref }} and {{x}\n' + BODY, [
    'body.en.md:1:1: {{ our ref }} is not a placeholder: names are camelCase, e.g. {{ourRef}}',
    'body.en.md:1:19: unclosed {{ (placeholders are written {{name}})',
  ]],
  ['{{title}} outside a section', '{{title}}\n' + BODY, ['body.en.md:1:1: {{title}} belongs inside a section ({{#section id}} … {{/section}})']],
  ['{{points}} in a section that does not accept them', '{{#section opening}}\n{{points}}\n{{/section}}\n{{#section details}}\n{{points}}\n{{/section}}\n', [
    'body.en.md:2:1: {{points}} is in section "opening", which does not accept key points (set acceptsKeyPoints: true)',
  ]],
  ['{{salutation}} without an addressee', '{{salutation}},\n' + BODY, [
    'body.en.md:1:1: {{salutation}} is derived from the addressee: name the addressee field with "addressee:" in template.yaml',
  ]],
  ['sections out of order', '{{#section details}}\n{{points}}\n{{/section}}\n{{#section opening}}\n{{/section}}\n', [
    'body.en.md:4:1: section "opening" comes after "details" here but before it in template.yaml; keep the same order',
  ]],
  ['an undeclared section', BODY + '{{#section openin}}\n{{/section}}\n', [
    'body.en.md:10:1: section "openin" is not declared under sections: in template.yaml; did you mean "opening"?',
  ]],
  ['a section twice', BODY + '{{#section opening}}\n{{/section}}\n', ['body.en.md:10:1: section "opening" appears twice (first on line 3)']],
  ['a section accepting key points without {{points}}', '{{#section opening}}\n{{/section}}\n{{#section details}}\nNothing.\n{{/section}}\n', [
    'template.yaml:15:5: sections[1] ("details") accepts key points but has no {{points}} in body.en.md',
  ]],
  ['columns in code points after Chinese text', '本署檔號：{{ourRef}}\n𠮷{{x1}}\n' + BODY, [
    'body.en.md:1:6: {{ourRef}} is not a declared field or a built-in placeholder; declared fields: subject',
    'body.en.md:2:2: {{x1}} is not a declared field or a built-in placeholder; declared fields: subject',
  ]],
];

describe('body checks', () => {
  it('accepts the base template', () => {
    expect(lint({ 'p/demo/t/template.yaml': TEMPLATE, 'p/demo/t/body.en.md': BODY })).toEqual([]);
  });
  it.each(BODIES)('%s', (_, body, expected) => {
    expect(lint({ 'p/demo/t/template.yaml': TEMPLATE, 'p/demo/t/body.en.md': body })).toEqual(expected.map((e) => `p/demo/t/${e}`));
  });
});

describe('loader edge cases', () => {
  const base = { 'p/demo/t/template.yaml': TEMPLATE, 'p/demo/t/body.en.md': BODY };

  it.each<[string, Record<string, string | Uint8Array>, string[]]>([
    ['an id that is not the folder name', { 'p/demo/u/template.yaml': TEMPLATE, 'p/demo/u/body.en.md': BODY }, [
      'p/demo/u/template.yaml:1:1: id "t" must match the folder name "u"',
    ]],
    ['a language without a body', { 'p/demo/t/template.yaml': TEMPLATE.replace('languages: [en]', 'languages: [en, zh-HK]'), 'p/demo/t/body.en.md': BODY }, [
      'p/demo/t/template.yaml:5:17: languages[1] is zh-HK, but there is no body.zh-HK.md (or body.md) for it',
    ]],
    ['a body for an undeclared language', { ...base, 'p/demo/t/body.zh-HK.md': BODY }, ['p/demo/t/body.zh-HK.md:1:1: zh-HK is not listed under languages: in template.yaml']],
    ['a body for an unknown language', { ...base, 'p/demo/t/body.fr.md': BODY }, [
      'p/demo/t/body.fr.md:1:1: unknown language "fr"; bodies are named body.zh-HK.md, body.en.md or body.md',
    ]],
    ['a .docx body with no .docx reader', { ...base, 'p/demo/t/body.en.docx': new Uint8Array([80, 75, 3, 4]) }, [
      'p/demo/t/body.en.docx:1:1: .docx bodies need a .docx reader, which is not configured here; add a Markdown body or see templates/README.md',
    ]],
    ['a YAML list instead of a mapping', { ...base, 'p/demo/t/template.yaml': '- id: t\n' }, ['p/demo/t/template.yaml:1:1: the file must be a mapping (got a list)']],
    ['an empty template.yaml', { ...base, 'p/demo/t/template.yaml': '' }, ['p/demo/t/template.yaml:1:1: the file must be a mapping (got an empty value)']],
    ['a tab used for indentation', { ...base, 'p/demo/t/template.yaml': TEMPLATE.replace('    type: text', '\ttype: text') }, [
      'p/demo/t/template.yaml:9:1: YAML syntax: Tabs are not allowed as indentation',
    ]],
    ['a key given twice', { ...base, 'p/demo/t/template.yaml': TEMPLATE + 'kind: memo\n' }, ['p/demo/t/template.yaml:16:1: YAML syntax: Map keys must be unique']],
    ['a byte-order mark and Windows line ends', { ...base, 'p/demo/t/template.yaml': '\ufeff' + TEMPLATE.replace('type: text', 'type: txt').replace(/\n/g, '\r\n') }, [
      'p/demo/t/template.yaml:9:5: fields[0].type must be one of text, longtext, date, reference, person, enum (got "txt")',
    ]],
    ['a missing required key', { ...base, 'p/demo/t/template.yaml': TEMPLATE.replace('    labels: { zh-HK: 標題, en: Subject }\n', '') }, [
      'p/demo/t/template.yaml:7:5: fields[0].labels is required',
    ]],
    ['a number where text is expected', { ...base, 'p/demo/t/template.yaml': TEMPLATE.replace('en: Subject', 'en: 12') }, [
      'p/demo/t/template.yaml:8:26: fields[0].labels.en must be text (got 12)',
    ]],
  ])('%s', (_, files, expected) => {
    expect(lint(files)).toEqual(expected);
  });

  it('checks .docx bodies through a text reader, giving paragraph numbers as lines', () => {
    const docxText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const docx = (s: string) => new TextEncoder().encode(s);
    const ok = { 'p/demo/t/template.yaml': TEMPLATE, 'p/demo/t/body.en.docx': docx(BODY) };
    const packs = loadPacks(memoryPackSource({ 'p/demo/department.yaml': DEPT, ...ok }), 'p', { docxText });
    expect(packs.diagnostics).toEqual([]);
    expect(packs.departments[0].templates[0].bodies.en?.docx?.file).toBe('p/demo/t/body.en.docx');
    expect(lint({ ...ok, 'p/demo/t/body.en.docx': docx(BODY.replace('{{subject}}', '{{subjct}}')) }, { docxText })).toEqual([
      'p/demo/t/body.en.docx:1:1: {{subjct}} is not a declared field or a built-in placeholder; did you mean "subject"?',
    ]);
    const failing = () => {
      throw new Error('not a zip file');
    };
    expect(lint(ok, { docxText: failing })).toEqual(['p/demo/t/body.en.docx:1:1: cannot read the .docx: not a zip file']);
  });

  it('reports the templates of a pack whose department.yaml is broken, and skips the pack', () => {
    const result = loadPacks(
      memoryPackSource({ 'p/demo/department.yaml': DEPT.replace('id: demo', 'id: Demo'), 'p/demo/t/template.yaml': TEMPLATE.replace('type: text', 'type: txt'), 'p/demo/t/body.en.md': BODY }),
      'p',
    );
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'p/demo/department.yaml:1:1: id must be lower-case letters, digits and hyphens, starting with a letter (got "Demo")',
      'p/demo/t/template.yaml:9:5: fields[0].type must be one of text, longtext, date, reference, person, enum (got "txt")',
    ]);
    expect(result.departments).toEqual([]);
  });

  it('loads one pack when given its folder, and packs from the root of a source', () => {
    const files = { 'p/demo/department.yaml': DEPT, ...base };
    expect(loadPacks(memoryPackSource(files), 'p/demo').departments.map((d) => d.templates[0].key)).toEqual(['demo/t']);
    const rooted = loadPacks(memoryPackSource({ 'demo/department.yaml': DEPT, 'demo/t/template.yaml': TEMPLATE, 'demo/t/body.en.md': BODY }));
    expect(rooted.diagnostics).toEqual([]);
    expect(rooted.departments[0].templates[0].file).toBe('demo/t/template.yaml');
  });

  it('turns unreadable folders and files into diagnostics, never exceptions', () => {
    const source = memoryPackSource({ 'p/demo/department.yaml': DEPT, ...base });
    const broken = { ...source, read: (p: string) => (p.endsWith('template.yaml') ? (() => { throw new Error('EACCES: permission denied'); })() : source.read(p)) };
    expect(loadPacks(broken, 'p').diagnostics.map(formatDiagnostic)).toEqual(['p/demo/t/template.yaml:1:1: cannot read the file: EACCES: permission denied']);
    expect(loadPacks(source, 'nowhere').diagnostics.map(formatDiagnostic)).toEqual(['nowhere:1:1: cannot read the folder: nowhere: no such directory']);
  });

  it('survives garbage', () => {
    for (const junk of ['{{{', ': : :', '[1, 2', 'id: [', '\u0000\u0001', '*alias', '&a [*a]', 'a: !!binary xyz']) {
      expect(() => lint({ ...base, 'p/demo/t/template.yaml': junk, 'p/demo/t/body.en.md': junk })).not.toThrow();
      expect(lint({ ...base, 'p/demo/t/template.yaml': junk }).length).toBeGreaterThan(0);
    }
  });
});
