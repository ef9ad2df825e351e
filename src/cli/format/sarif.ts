/**
 * `--format sarif`: SARIF 2.1.0, for code-scanning dashboards and editors. One run; tool.driver.rules lists every
 * rule of the active rule sets (id, description, help, default level); each result points at its rule by id and
 * index. Levels map error → error, warning → warning, suggestion → note. Regions are 1-based lines and columns
 * counted in Unicode code points (run.columnKind "unicodeCodePoints"); endColumn is the column just after the
 * finding. For .docx and .eml files the region is in the extracted text (the artifact says so in its properties),
 * so fixes are only offered as SARIF fixes for .txt and .md files, whose text is the file itself.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Level, RuleSet } from '../../core/checks';
import type { Lang } from '../lang';
import type { FileReport, LocatedFinding } from '../report';

export interface SarifOptions {
  lang: Lang;
  ruleSets: readonly RuleSet[];
  cwd: string;
  version: string;
}

type SarifLevel = 'error' | 'warning' | 'note';
const LEVELS: Record<Level, SarifLevel> = { error: 'error', warning: 'warning', suggestion: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { ruleSet: string; tags: string[] };
}

export function sarifRules(ruleSets: readonly RuleSet[]): SarifRule[] {
  const out: SarifRule[] = [];
  for (const set of ruleSets) {
    for (const [id, rule] of Object.entries(set.rules)) {
      const description = rule.description ?? `${set.name.en}: ${placeholderless(rule.message.en)}`;
      out.push({
        id: `${set.id}/${id}`,
        shortDescription: { text: firstSentence(description) },
        fullDescription: { text: `${description} (${set.name.en} / ${set.name['zh-HK']})` },
        help: { text: `${description}\n\nen: ${placeholderless(rule.message.en)}\nzh-HK: ${placeholderless(rule.message['zh-HK'])}` },
        defaultConfiguration: { level: LEVELS[rule.level] },
        properties: { ruleSet: set.id, tags: [set.id] },
      });
    }
  }
  return out;
}

function placeholderless(message: string): string {
  return message.replace(/%s/g, '…');
}

function firstSentence(text: string): string {
  const m = /^.*?[.。](?=\s|$)/s.exec(text);
  return (m ? m[0] : text).replace(/\s+/g, ' ').trim();
}

export function artifactUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const rel = path.normalize(file).split(path.sep).map(encodeURIComponent).join('/');
  return { uri: rel, uriBaseId: '%SRCROOT%' };
}

export function sarifLog(reports: readonly FileReport[], options: SarifOptions): Record<string, unknown> {
  const rules = sarifRules(options.ruleSets);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // A finding from a rule the run does not describe still gets an entry, so every result has a rule.
  for (const r of reports) {
    for (const f of r.findings) {
      if (ruleIndex.has(f.ruleId)) continue;
      ruleIndex.set(f.ruleId, rules.length);
      rules.push({
        id: f.ruleId,
        shortDescription: { text: f.ruleId },
        fullDescription: { text: f.ruleId },
        help: { text: f.ruleId },
        defaultConfiguration: { level: LEVELS[f.level] },
        properties: { ruleSet: f.ruleId.split('/')[0], tags: [f.ruleId.split('/')[0]] },
      });
    }
  }

  const artifacts = reports.map((r) => ({
    location: artifactUri(r.path, options.cwd),
    ...(r.format === 'docx' || r.format === 'eml'
      ? { properties: { extractedText: true, note: 'Regions are in the text extracted from this file: its paragraphs joined by line feeds.' } }
      : {}),
  }));

  const results = reports.flatMap((r, index) =>
    r.findings.map((f) => {
      const artifactLocation = { ...artifactUri(r.path, options.cwd), index };
      const region = regionOf(f);
      const editable = r.format === 'txt' || r.format === 'md';
      return {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVELS[f.level],
        message: { text: f.message[options.lang] },
        locations: [{ physicalLocation: { artifactLocation, region: { ...region, snippet: { text: f.text } } } }],
        ...(editable && f.fixes.length
          ? {
              fixes: f.fixes.map((x) => ({
                description: { text: options.lang === 'zh-HK' ? `改為「${x.replacement}」` : `Replace with "${x.replacement}"` },
                artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: region, insertedContent: { text: x.replacement } }] }],
              })),
            }
          : {}),
        properties: { message: { 'zh-HK': f.message['zh-HK'], en: f.message.en }, offset: f.offset, length: f.length },
      };
    }),
  );

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wenshu',
            fullName: 'Wenshu 文書通',
            version: options.version,
            semanticVersion: options.version,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'unicodeCodePoints',
        artifacts,
        results,
      },
    ],
  };
}

function regionOf(f: LocatedFinding): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(reports, options), null, 2)}\n`;
}
