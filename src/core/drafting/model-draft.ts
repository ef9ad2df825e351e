/**
 * One draft written by a model, from its raw answer to what the officer gets: sections read from the answer
 * (sections.ts), normalised (normalise.ts), verified (verify.ts), at most one repair round, and assembled into
 * the template's frame (assemble.ts). Pure and synchronous: the gateway feeds it the model's pieces and makes
 * the repair call it asks for.
 *
 * Streaming: a section is released (in template order) once its block has closed and it verifies clean; a
 * section with a problem is held back until the repair round has settled it, so nothing the officer has seen
 * is ever taken back: the concatenated pieces are the final draft.
 */
import type { Finding } from '../checks/types';
import type { Bilingual, Lang } from '../templates/schema';
import { writtenSections } from '../templates/compose';
import { assemble, issuesAsFindings, readyPrefix, type FrameInput } from './assemble';
import { indexInputs, type InputIndex } from './facts';
import { normaliseSection, type NormalisedSection } from './normalise';
import { delimitedBlocks, parseAnswer, type AnswerFormat, type ParsedAnswer, type SectionRef } from './sections';
import { classifyOutside, type Applied } from './tidy';
import { verifySections, type DraftIssue } from './verify';

export interface ModelDraftSetup {
  frame: FrameInput & { lang: Lang };
  /** The nonce in the answer's section tags. */
  nonce: string;
  /** Texts that back facts: field values, key points, the message answered, the sources' text. */
  inputs: readonly string[];
  /** Number of sources given, 0 when the template does not cite. */
  sources: number;
  /** Strings the answer must never contain (the data nonce, the fixed instruction sentences). */
  secrets?: readonly string[];
  /** The model name the officer asked for. */
  model: string;
}

export interface SectionPart {
  part: 'section';
  id: string;
  composer: 'model';
  model: string;
  provider: string;
  repaired: boolean;
}

export interface DraftOutcome {
  markdown: string;
  /** Each written section's final paragraphs (what went into the frame; a .docx body is filled from the same). */
  content: ReadonlyMap<string, readonly string[]>;
  parts: Array<{ part: 'frame'; composer: 'template'; template: string } | SectionPart>;
  /** Every normalisation applied, in order. */
  applied: Applied[];
  /** What verification found before any repair (all of it), and what is left at hand-over. */
  found: DraftIssue[];
  remaining: DraftIssue[];
  findings: Finding[];
  repairRounds: number;
  format: AnswerFormat;
}

export class ModelDraft {
  readonly lang: Lang;
  /** Sections the model writes, in template order. */
  readonly written: string[];
  private readonly refs: SectionRef[];
  private readonly spec: Map<string, { id: string; title: Bilingual; required: boolean }>;
  private readonly inputs: InputIndex;
  private readonly frameLines: Set<string>;
  private answer = '';
  private sections = new Map<string, NormalisedSection>();
  private verified = new Map<string, DraftIssue[]>();
  private settled = new Map<string, readonly string[]>();
  private emitted = '';
  /** The frame before the first section has been released (on the first piece). */
  private started = false;
  private applied: Applied[] = [];
  private found: DraftIssue[] = [];
  private format: AnswerFormat = 'delimited';
  private provider = '';
  private repairedIds = new Set<string>();
  private repairProvider = '';
  private rounds = 0;
  private final?: DraftOutcome;

  constructor(private readonly setup: ModelDraftSetup) {
    const { template } = setup.frame;
    this.lang = setup.frame.lang;
    this.written = writtenSections(template, this.lang);
    const sections = template.sections.filter((s) => this.written.includes(s.id));
    this.refs = sections.map((s) => ({ id: s.id, titles: [s.titles['zh-HK'], s.titles.en] }));
    this.spec = new Map(sections.map((s) => [s.id, { id: s.id, title: s.titles, required: s.required }]));
    // The frame with every section empty: its lines are the frame's, and the facts in it come from the fields.
    const frameText = assemble(setup.frame, new Map()).markdown;
    this.frameLines = new Set(frameText.split('\n').map((l) => l.trim()).filter((l) => l.length > 1));
    this.inputs = indexInputs([...setup.inputs, frameText]);
  }

  /** Feeds the model's next piece; returns the text that is now ready to show (possibly ''). */
  push(piece: string, provider: string): string {
    this.provider ||= provider;
    this.answer += piece;
    // A block can only have closed if this piece holds the end of a tag (or the start of the answer's frame).
    if (!piece.includes('>') && this.started) return '';
    let settledOne = !this.started;
    this.started = true;
    for (const block of delimitedBlocks(this.answer, this.setup.nonce).blocks) {
      if (!this.spec.has(block.id) || this.sections.has(block.id)) continue;
      const section = this.normalise(block.id, block.text);
      if (!this.verify([block.id]).length) {
        this.settled.set(block.id, section.paragraphs);
        settledOne = true;
      }
    }
    return settledOne ? this.release() : '';
  }

  /** The model's answer has ended: reads it whole, verifies every section; returns what a repair could fix. */
  finishAnswer(provider: string): DraftIssue[] {
    this.provider ||= provider;
    const parsed = parseAnswer(this.answer, this.setup.nonce, this.refs);
    this.format = parsed.format;
    this.reportOutside(parsed);
    if (parsed.format === 'unstructured') {
      // No sections found: the whole answer is the main section's (the frame lines in it are taken off).
      const main = this.mainSection();
      if (main && parsed.rest?.trim()) parsed.sections.set(main, parsed.rest);
    }
    for (const [id, raw] of parsed.sections) if (!this.sections.has(id)) this.normalise(id, raw);
    this.found = this.verify(this.written);
    if (parsed.format === 'unstructured') {
      this.found.push({
        code: 'format',
        level: 'warning',
        repairable: false,
        message: { en: 'The model did not answer section by section; its text was placed in the main section.', 'zh-HK': '模型沒有按部分作答，其內容已放入主要部分。' },
      });
    }
    for (const id of this.written) if (!this.found.some((i) => i.section === id) && this.sections.has(id)) this.settled.set(id, this.sections.get(id)!.paragraphs);
    return this.found.filter((i) => i.repairable);
  }

  /** What the repair call is to rewrite: the sections with a repairable problem, and the problems. */
  repairPlan(): { sections: Array<{ id: string; title: Bilingual; text: string; required: boolean }>; issues: DraftIssue[] } {
    const issues = this.found.filter((i) => i.repairable);
    const ids = this.written.filter((id) => issues.some((i) => i.section === id));
    return {
      sections: ids.map((id) => ({ id, title: this.spec.get(id)!.title, required: this.spec.get(id)!.required, text: (this.sections.get(id)?.paragraphs ?? []).join('\n\n') })),
      issues,
    };
  }

  /** The repair call's answer: the sections it rewrote replace the first ones. */
  acceptRepair(answer: string, provider: string): void {
    this.rounds++;
    this.repairProvider = provider;
    const plan = new Set(this.repairPlan().sections.map((s) => s.id));
    const parsed = parseAnswer(answer, this.setup.nonce, this.refs);
    if (parsed.format === 'unstructured' && plan.size === 1 && parsed.rest?.trim()) parsed.sections.set([...plan][0], parsed.rest);
    for (const [id, raw] of parsed.sections) {
      if (!plan.has(id)) continue;
      this.normalise(id, raw);
      this.repairedIds.add(id);
    }
  }

  /** Settles every section as it now stands and returns the rest of the text; after this the draft is final. */
  finish(): string {
    for (const id of this.written) if (!this.settled.has(id)) this.settled.set(id, this.sections.get(id)?.paragraphs ?? []);
    const content = new Map(this.written.map((id) => [id, this.settled.get(id) ?? []]));
    // Everything is settled, so the final draft is the whole of what is left to send.
    const draft = assemble(this.setup.frame, content);
    const rest = draft.markdown.slice(this.emitted.length);
    this.emitted = draft.markdown;
    const remaining = this.verify(this.written);
    if (this.format === 'unstructured') remaining.push(...this.found.filter((i) => i.code === 'format'));
    this.final = {
      markdown: draft.markdown,
      content,
      parts: [
        { part: 'frame', composer: 'template', template: this.setup.frame.template.key },
        ...this.written
          .filter((id) => (content.get(id) ?? []).length)
          .map((id): SectionPart => ({
            part: 'section',
            id,
            composer: 'model',
            model: this.setup.model,
            provider: this.repairedIds.has(id) ? this.repairProvider : this.provider,
            repaired: this.repairedIds.has(id),
          })),
      ],
      applied: this.applied,
      found: this.found,
      remaining,
      findings: issuesAsFindings(draft.markdown, draft, remaining),
      repairRounds: this.rounds,
      format: this.format,
    };
    return rest;
  }

  outcome(): DraftOutcome {
    if (!this.final) throw new Error('the draft is not finished');
    return this.final;
  }

  private normalise(id: string, raw: string): NormalisedSection {
    const spec = this.spec.get(id)!;
    // A repaired section replaces the first one, and so do its normalisations.
    this.applied = this.applied.filter((a) => a.section !== id);
    const numbered = this.setup.frame.template.paragraphNumbers !== 'none';
    const section = normaliseSection({ section: id, text: raw, titles: [spec.title['zh-HK'], spec.title.en], frameLines: this.frameLines, lang: this.lang, numbered });
    this.sections.set(id, section);
    this.verified.delete(id);
    this.applied.push(...section.applied);
    return section;
  }

  /** Each section is verified once per version of its text (normalising it again forgets the result). */
  private verify(ids: readonly string[]): DraftIssue[] {
    return ids.flatMap((id) => {
      let issues = this.verified.get(id);
      if (!issues) {
        issues = verifySections({
          lang: this.lang,
          sections: [this.spec.get(id)!],
          written: new Map([[id, this.sections.get(id)?.paragraphs ?? []]]),
          inputs: this.inputs,
          sources: this.setup.sources,
          secrets: this.setup.secrets,
        });
        this.verified.set(id, issues);
      }
      return [...issues];
    });
  }

  private release(): string {
    const { text } = readyPrefix(this.setup.frame, this.written, this.settled);
    if (text.length <= this.emitted.length) return '';
    const piece = text.slice(this.emitted.length);
    this.emitted = text;
    return piece;
  }

  /** The section an unstructured answer goes into: the first required one that takes key points. */
  private mainSection(): string | undefined {
    const sections = this.setup.frame.template.sections.filter((s) => this.written.includes(s.id));
    return (sections.find((s) => s.required && s.acceptsKeyPoints) ?? sections.find((s) => s.required) ?? sections[0])?.id;
  }

  /** Text around the sections (a preamble, a fence, a closing offer): dropped, and reported line by line. */
  private reportOutside(parsed: ParsedAnswer): void {
    for (const [text, where] of [
      [parsed.before, 'before'],
      [parsed.after, 'after'],
    ] as const) {
      for (const line of text.split('\n')) {
        const kind = classifyOutside(line);
        if (kind) this.applied.push({ kind: kind === 'code-fence' ? kind : where === 'before' ? 'preamble' : 'closing-offer', from: clip(line.trim()), to: '' });
      }
    }
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
