/**
 * A Word document for the host tests, built on office-addin-mock's OfficeMockObject: every loadable
 * proxy (paragraph, range, document, content control) is an OfficeMockObject, so a property read
 * without `load` is "Error, property was not loaded" and one read after `load` but before
 * `context.sync()` is "Error, context.sync() was not called". We wrap each proxy so that reading such
 * a value THROWS (a host that forgets a load cannot pass by accident), and collections throw when
 * `items` is read before load + sync, as office.js does.
 *
 * Proxies are created fresh for every Word.run (like office.js), and edits are applied to the
 * underlying paragraphs as they are queued, with every live range adjusted the way Word tracks ranges.
 */
import { OfficeMockObject } from './office-addin-mock';

export interface ParagraphData {
  /**
   * The paragraph's text. Tracked changes are written inline: `[-deleted-]` and `[+inserted+]` (Word's `text` has both;
   * the reviewed texts have one each).
   */
  text: string;
  /** Inside a content control the officer cannot edit (cannotEdit). */
  locked?: boolean;
  style?: string;
  styleBuiltIn?: string;
  isListItem?: boolean;
  tableNestingLevel?: number;
}

export interface MockParagraph extends Required<Omit<ParagraphData, 'locked'>> {
  /** One mark per UTF-16 unit of `text`: ' ' plain, 'i' inserted, 'd' deleted (pending tracked changes). */
  marks: string;
  listId?: number;
  control?: MockControl;
  annotations: Array<{ id: string; critique: { start: number; length: number; colorScheme: string } }>;
}

export interface MockControl {
  cannotEdit?: boolean;
  tag?: string;
  title?: string;
  paragraphs: MockParagraph[];
}

interface Pos {
  para: MockParagraph;
  offset: number;
}

interface LiveRange {
  start: Pos;
  end: Pos;
}

export interface Op {
  op: string;
  /** The sync that flushes this operation (1 = the first sync of the run). */
  sync: number;
  mode: string;
  text?: string;
  location?: string;
  paragraph?: number;
  value?: unknown;
}

export interface WordMockOptions {
  paragraphs: Array<string | ParagraphData>;
  /** Requirement sets supported, e.g. { WordApi: '1.7' }. */
  supported?: Record<string, string>;
  changeTrackingMode?: string;
  /** Selection as [paragraph, offset] pairs; a cursor at the end of the first paragraph by default. */
  selection?: { start: [number, number]; end: [number, number] };
  /** Extra strings Word's search also matches for a given search text (Find's width/case leniency). */
  searchAlsoMatches?: Record<string, string[]>;
  displayLanguage?: string;
  /** Text in text boxes: not among the body's paragraphs, but body.search finds it (before the body's own hits). */
  textBoxes?: string[];
  /** Number of footnotes / endnotes (WordApi 1.5 reports them). */
  footnotes?: number;
  endnotes?: number;
  /** An operation Word refuses: the sync that flushes it throws, and it and every later action in the batch are undone. */
  failWhen?: (op: Op) => boolean;
}

/** Parses `[-deleted-]` / `[+inserted+]` markup into text and marks. */
export function parseTracked(markup: string): { text: string; marks: string } {
  let text = '';
  let marks = '';
  const re = /\[-([\s\S]*?)-\]|\[\+([\s\S]*?)\+\]|([^[]+|\[)/g;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    const [piece, mark] = m[1] !== undefined ? [m[1], 'd'] : m[2] !== undefined ? [m[2], 'i'] : [m[3], ' '];
    text += piece;
    marks += mark.repeat(piece.length);
  }
  return { text, marks };
}

/** The text as Word's reviewed text has it: Current (changes accepted) or Original (changes rejected). */
function reviewed(p: { text: string; marks: string }, kind: string): string {
  const drop = kind === 'Original' ? 'i' : 'd';
  let out = '';
  for (let i = 0; i < p.text.length; i++) if (p.marks[i] !== drop) out += p.text[i];
  return out;
}

/** Runs of inserted and deleted text, as Word's tracked changes. */
function changesOf(p: { text: string; marks: string }): Array<{ type: string; text: string }> {
  const out: Array<{ type: string; text: string }> = [];
  let prev = ' ';
  for (let i = 0; i < p.text.length; i++) {
    const m = p.marks[i];
    if (m !== ' ') {
      if (m !== prev) out.push({ type: m === 'i' ? 'Added' : 'Deleted', text: '' });
      out[out.length - 1].text += p.text[i];
    }
    prev = m;
  }
  return out;
}

const ERRORS = new Set(['Error, property was not loaded', 'Error, context.sync() was not called']);

const STYLE_NAMES: Record<string, string> = {
  Normal: 'Normal',
  Heading1: 'Heading 1',
  Heading2: 'Heading 2',
  Heading3: 'Heading 3',
  ListParagraph: 'List Paragraph',
  Title: 'Title',
};

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function decodeSearch(text: string): string {
  return text.replace(/\^(\^|t|l)/g, (_, c: string) => (c === '^' ? '^' : c === 't' ? '\t' : '\u000b'));
}

type Syncable = { sync(): unknown };

export class WordMock {
  readonly paragraphs: MockParagraph[];
  readonly controls: MockControl[] = [];
  readonly log: Op[] = [];
  readonly settings = new Map<string, unknown>();
  /** The document's custom XML parts (WordApi 1.4), as added. */
  readonly customXmlParts: string[] = [];
  /** Number of context.sync() calls, overall and in the latest Word.run. */
  syncs = 0;
  runSyncs = 0;
  runs = 0;
  mode: string;
  selection: LiveRange;
  private readonly live = new Set<LiveRange>();
  private registry: Syncable[] = [];
  private annotationId = 0;
  private readonly options: WordMockOptions;

  constructor(options: WordMockOptions) {
    this.options = options;
    this.paragraphs = options.paragraphs.map((p) => this.newParagraph(typeof p === 'string' ? { text: p } : p));
    this.mode = options.changeTrackingMode ?? 'Off';
    const s = options.selection ?? { start: [0, this.paragraphs[0]?.text.length ?? 0], end: [0, this.paragraphs[0]?.text.length ?? 0] };
    this.selection = this.track({
      start: { para: this.paragraphs[s.start[0]], offset: s.start[1] },
      end: { para: this.paragraphs[s.end[0]], offset: s.end[1] },
    });
  }

  supports(name: string, version: string): boolean {
    const supported = this.options.supported ?? { WordApi: '1.3' };
    return supported[name] !== undefined && compareVersions(supported[name], version) >= 0;
  }

  /** Installs `Word` and `Office` globals for this document. */
  install(): this {
    const supported = this.options.supported ?? { WordApi: '1.3' };
    const self = this;
    (globalThis as Record<string, unknown>).Word = {
      run: async <T>(callback: (context: unknown) => Promise<T>): Promise<T> => {
        self.runs += 1;
        self.runSyncs = 0;
        self.registry = [];
        return callback(self.context());
      },
    };
    (globalThis as Record<string, unknown>).Office = {
      context: {
        displayLanguage: this.options.displayLanguage ?? 'zh-HK',
        requirements: {
          isSetSupported: (name: string, version?: string) =>
            supported[name] !== undefined && compareVersions(supported[name], version ?? '1.1') >= 0,
        },
        document: {
          settings: {
            get: (name: string) => (self.settings.has(name) ? self.settings.get(name) : null),
            set: (name: string, value: unknown) => void self.pendingSettings.set(name, value),
            saveAsync: (callback?: (r: unknown) => void) => {
              for (const [k, v] of self.pendingSettings) self.settings.set(k, v);
              self.pendingSettings.clear();
              setTimeout(() => callback?.({ status: 'succeeded', value: undefined }), 0);
            },
          },
        },
      },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    };
    return this;
  }

  readonly pendingSettings = new Map<string, unknown>();

  static uninstall(): void {
    delete (globalThis as Record<string, unknown>).Word;
    delete (globalThis as Record<string, unknown>).Office;
  }

  /** Word's `text` of each paragraph: deleted revisions included. */
  texts(): string[] {
    return this.paragraphs.map((p) => p.text);
  }

  /** What each paragraph says now (tracked changes accepted). */
  reviewedTexts(): string[] {
    return this.paragraphs.map((p) => reviewed(p, 'Current'));
  }

  /** The officer types: a paragraph's text changes between the read and the fix. */
  setText(index: number, text: string): void {
    const para = this.paragraphs[index];
    this.replace({ start: { para, offset: 0 }, end: { para, offset: para.text.length } }, text);
  }

  // ---- document model -------------------------------------------------------------------------

  private newParagraph(p: ParagraphData): MockParagraph {
    const styleBuiltIn = p.styleBuiltIn ?? 'Normal';
    const { text, marks } = parseTracked(p.text);
    const para: MockParagraph = {
      text,
      marks,
      styleBuiltIn,
      style: p.style ?? STYLE_NAMES[styleBuiltIn] ?? styleBuiltIn,
      isListItem: p.isListItem ?? false,
      tableNestingLevel: p.tableNestingLevel ?? 0,
      annotations: [],
    };
    if (p.locked) {
      const control: MockControl = { cannotEdit: true, paragraphs: [para] };
      para.control = control;
      this.controls.push(control);
    }
    return para;
  }

  private index(para: MockParagraph): number {
    return this.paragraphs.indexOf(para);
  }

  private cmp(a: Pos, b: Pos): number {
    return this.index(a.para) - this.index(b.para) || a.offset - b.offset;
  }

  private track(range: LiveRange): LiveRange {
    this.live.add(range);
    return range;
  }

  private textOf(range: LiveRange): string {
    const i = this.index(range.start.para);
    const j = this.index(range.end.para);
    if (i === j) return range.start.para.text.slice(range.start.offset, range.end.offset);
    const parts = [range.start.para.text.slice(range.start.offset)];
    for (let k = i + 1; k < j; k++) parts.push(this.paragraphs[k].text);
    parts.push(range.end.para.text.slice(0, range.end.offset));
    return parts.join('\r');
  }

  /**
   * Replaces a range's text (merging paragraphs when it spans several) and adjusts every live range. In TrackAll a
   * replacement within one paragraph is a tracked change, as in Word: the old text stays, marked deleted, and the new
   * text follows it, marked inserted. A "\n" in the text starts a new paragraph (as Word's insertText does).
   */
  private replace(range: LiveRange, text: string): LiveRange {
    if (text.includes('\n')) return this.replaceWithParagraphs(range, text);
    if (this.mode === 'TrackAll' && range.start.para === range.end.para) return this.trackedReplace(range, text);
    const { start, end } = range;
    const first = start.para;
    const last = end.para;
    const i = this.index(first);
    const j = this.index(last);
    const s = start.offset;
    const oldEnd = end.offset;
    const newEnd = s + text.length;
    const removed = this.paragraphs.slice(i + 1, j + 1);
    first.marks = first.marks.slice(0, s) + ' '.repeat(text.length) + last.marks.slice(oldEnd);
    first.text = first.text.slice(0, s) + text + last.text.slice(oldEnd);
    if (removed.length) this.paragraphs.splice(i + 1, removed.length);
    for (const r of this.live) {
      if (r === range) continue;
      for (const [pos, isStart] of [[r.start, true], [r.end, false]] as Array<[Pos, boolean]>) {
        if (i === j) {
          if (pos.para !== first) continue;
          if (pos.offset > oldEnd || (pos.offset === oldEnd && (s < oldEnd || isStart))) pos.offset += newEnd - oldEnd;
          else if (pos.offset > s) pos.offset = isStart ? s : newEnd;
        } else if (pos.para === last && pos.offset >= oldEnd) {
          pos.para = first;
          pos.offset = newEnd + (pos.offset - oldEnd);
        } else if (removed.includes(pos.para) || (pos.para === first && pos.offset > s)) {
          pos.para = first;
          pos.offset = isStart ? s : newEnd;
        }
      }
    }
    range.start = { para: first, offset: s };
    range.end = { para: first, offset: newEnd };
    return range;
  }

  private trackedReplace(range: LiveRange, text: string): LiveRange {
    const para = range.start.para;
    const s = range.start.offset;
    const e = range.end.offset;
    para.marks = para.marks.slice(0, s) + 'd'.repeat(e - s) + para.marks.slice(e);
    if (!text) return { start: { para, offset: e }, end: { para, offset: e } };
    const inserted = this.track({ start: { para, offset: e }, end: { para, offset: e } });
    para.text = para.text.slice(0, e) + text + para.text.slice(e);
    para.marks = para.marks.slice(0, e) + 'i'.repeat(text.length) + para.marks.slice(e);
    for (const r of this.live) {
      if (r === inserted) continue;
      for (const [pos, isStart] of [[r.start, true], [r.end, false]] as Array<[Pos, boolean]>) {
        if (pos.para === para && (pos.offset > e || (pos.offset === e && isStart && r !== range))) pos.offset += text.length;
      }
    }
    inserted.end = { para, offset: e + text.length };
    range.start = { ...inserted.start };
    range.end = { ...inserted.end };
    return range;
  }

  /** insertText with "\n": the text before the first break joins the range's start, the rest become paragraphs. */
  private replaceWithParagraphs(range: LiveRange, text: string): LiveRange {
    const lines = text.split('\n');
    const startPara = range.start.para;
    const first = this.replace(range, lines[0]);
    let para = startPara;
    let offset = first.end.offset;
    for (const line of lines.slice(1)) {
      // Split `para` at `offset`: the tail moves to a new paragraph that starts with `line`.
      const tail = para.text.slice(offset);
      const tailMarks = para.marks.slice(offset);
      para.text = para.text.slice(0, offset);
      para.marks = para.marks.slice(0, offset);
      const created = this.insertParagraphAt(this.index(para) + 1, line + tail);
      created.marks = ' '.repeat(line.length) + tailMarks;
      created.styleBuiltIn = para.styleBuiltIn;
      created.style = para.style;
      created.listId = para.listId;
      created.isListItem = para.isListItem;
      for (const r of this.live) {
        for (const pos of [r.start, r.end]) {
          if (pos.para === para && pos.offset > offset) {
            pos.para = created;
            pos.offset = pos.offset - offset + line.length;
          }
        }
      }
      para = created;
      offset = line.length;
    }
    return this.track({ start: { ...first.start }, end: { para, offset } });
  }

  private insertParagraphAt(index: number, text: string, control?: MockControl): MockParagraph {
    const para = this.newParagraph({ text });
    this.paragraphs.splice(index, 0, para);
    if (control) {
      para.control = control;
      control.paragraphs.push(para);
      control.paragraphs.sort((a, b) => this.index(a) - this.index(b));
    }
    return para;
  }

  private record(op: Omit<Op, 'sync' | 'mode'>): void {
    const entry = { ...op, sync: this.runSyncs + 1, mode: this.mode };
    this.log.push(entry);
    if (!this.failure && this.options.failWhen?.(entry)) this.failure = this.snapshot();
  }

  /** Set when an action Word will refuse is queued: the state to go back to when the batch is flushed. */
  private failure: (() => void) | null = null;

  /** Everything an undone action could have touched. */
  private snapshot(): () => void {
    const paragraphs = [...this.paragraphs];
    const states = paragraphs.map((p) => ({ ...p }));
    const ranges = [...this.live].map((r) => [r, { ...r.start }, { ...r.end }] as const);
    const mode = this.mode;
    const parts = this.customXmlParts.length;
    return () => {
      this.paragraphs.splice(0, this.paragraphs.length, ...paragraphs);
      paragraphs.forEach((p, i) => Object.assign(p, states[i]));
      for (const [r, start, end] of ranges) {
        r.start = start;
        r.end = end;
      }
      this.mode = mode;
      this.customXmlParts.length = parts;
    };
  }

  /** Edits inside a control that cannot be edited are refused, as Word refuses them. */
  private refuseLocked(range: LiveRange, op: string): void {
    const locked = [range.start.para, range.end.para].some((p) => p.control?.cannotEdit);
    if (locked && !this.failure) {
      this.failure = this.snapshot();
      this.log.push({ op: `refused:${op}`, sync: this.runSyncs + 1, mode: this.mode });
    }
  }

  // ---- proxies --------------------------------------------------------------------------------

  /** An OfficeMockObject with scalar values, methods and getters, wrapped to throw on unloaded reads. */
  private loadable(values: Record<string, unknown>, extra: Record<string, PropertyDescriptor>, onSet?: (p: string, v: unknown) => void): any {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) clean[k] = v;
    const mock = new OfficeMockObject(clean) as any;
    for (const [name, descriptor] of Object.entries(extra)) Object.defineProperty(mock, name, { configurable: true, ...descriptor });
    this.registry.push(mock);
    const strict = (target: any): any =>
      new Proxy(target, {
        get(t, prop) {
          const value = Reflect.get(t, prop, t);
          if (typeof value === 'function') return value.bind(t);
          if (typeof value === 'string' && ERRORS.has(value)) throw new Error(`${String(prop)}: ${value}`);
          // Navigation properties given as nested values (office-addin-mock makes them mocks too).
          if (value instanceof OfficeMockObject && prop !== '_properties') return strict(value);
          return value;
        },
      });
    return new Proxy(mock, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value === 'function') return value.bind(target);
        if (typeof value === 'string' && ERRORS.has(value)) throw new Error(`${String(prop)}: ${value}`);
        if (value instanceof OfficeMockObject) return strict(value);
        return value;
      },
      set(target, prop, value) {
        onSet?.(String(prop), value);
        return Reflect.set(target, prop, value, target);
      },
    });
  }

  private collection<T>(items: T[], loadItem: (item: T, props: string) => void): any {
    let state: 'new' | 'loaded' | 'ready' = 'new';
    const coll = {
      load: (arg?: string) => {
        const props = (arg ?? '')
          .split(',')
          .map((s) => s.trim().replace(/^items\//, ''))
          .filter((s) => s && s !== '$none');
        if (props.length) for (const item of items) loadItem(item, props.join(','));
        state = 'loaded';
        return coll;
      },
      sync: () => {
        if (state === 'loaded') state = 'ready';
      },
      get items(): T[] {
        if (state !== 'ready') throw new Error(`items: ${state === 'new' ? 'Error, property was not loaded' : 'Error, context.sync() was not called'}`);
        return items;
      },
      getFirst: () => {
        if (!items.length) throw new Error('ItemNotFound');
        return items[0];
      },
      getLast: () => {
        if (!items.length) throw new Error('ItemNotFound');
        return items[items.length - 1];
      },
    };
    this.registry.push(coll);
    return coll;
  }

  /** A ClientResult: its value only after the sync that flushes it. */
  private result<T>(value: T): { value: T } {
    let ready = false;
    const result = {
      sync: () => {
        ready = true;
      },
      get value(): T {
        if (!ready) throw new Error('value: Error, context.sync() was not called');
        return value;
      },
    };
    this.registry.push(result);
    return result;
  }

  private need(version: string, what: string): void {
    if (!this.supports('WordApi', version)) throw new Error(`${what} needs WordApi ${version}`);
  }

  private reviewedResult(paras: MockParagraph[], kind: string): { value: string } {
    this.need('1.4', 'getReviewedText');
    return this.result(paras.map((p) => reviewed(p, kind)).join('\r'));
  }

  private changesCollection(paras: MockParagraph[]): any {
    this.need('1.6', 'getTrackedChanges');
    return this.collection(
      paras.flatMap((p) => changesOf(p)).map((c) => this.loadable(c, {})),
      (item: any, props) => item.load(props),
    );
  }

  private noteCollection(count: number): any {
    this.need('1.5', 'footnotes');
    return this.collection(Array.from({ length: count }, () => this.loadable({ type: 'Footnote' }, {})), (item: any, props) => item.load(props));
  }

  private context(): any {
    const self = this;
    // Navigation properties return the same proxy every time within a context, as in office.js.
    let document: any;
    return {
      get document() {
        document ??= self.documentProxy();
        return document;
      },
      application: {
        createDocument: (base64?: string) => self.createDocument(base64),
      },
      sync: async () => {
        self.syncs += 1;
        self.runSyncs += 1;
        await new Promise((r) => setTimeout(r, 0));
        if (self.failure) {
          const undo = self.failure;
          self.failure = null;
          undo();
          throw Object.assign(new Error('AccessDenied: the action is not allowed on this part of the document.'), { code: 'AccessDenied' });
        }
        for (const m of self.registry) await m.sync();
      },
    };
  }

  private documentProxy(): any {
    const self = this;
    let body: any;
    return this.loadable(
      { changeTrackingMode: this.mode },
      {
        body: { get: () => (body ??= self.bodyProxy()) },
        customXmlParts: {
          get: () => {
            // WordApi 1.4: a document without it is a 1.3 host, where the property does not exist.
            if (!self.supports('WordApi', '1.4')) throw new Error('customXmlParts needs WordApi 1.4');
            return {
              add: (xml: string) => {
                self.customXmlParts.push(xml);
                self.record({ op: 'addCustomXmlPart', text: xml });
              },
            };
          },
        },
        getSelection: { value: () => self.rangeProxy(self.track({ start: { ...self.selection.start }, end: { ...self.selection.end } })) },
      },
      (prop, value) => {
        if (prop === 'changeTrackingMode') {
          self.mode = String(value);
          self.record({ op: 'setMode', value });
        }
      },
    );
  }

  private bodyProxy(): any {
    const self = this;
    let paragraphs: any;
    return this.loadable(
      {},
      {
        paragraphs: { get: () => (paragraphs ??= self.paragraphCollection(self.paragraphs)) },
        search: { value: (text: string, options: unknown) => self.search(text, options) },
        getReviewedText: { value: (kind = 'Current') => self.reviewedResult(self.paragraphs, kind) },
        getTrackedChanges: { value: () => self.changesCollection(self.paragraphs) },
        footnotes: { get: () => self.noteCollection(self.options.footnotes ?? 0) },
        endnotes: { get: () => self.noteCollection(self.options.endnotes ?? 0) },
        getRange: {
          value: (loc: string) => {
            const first = self.paragraphs[0];
            const last = self.paragraphs[self.paragraphs.length - 1];
            const start = { para: first, offset: 0 };
            const end = { para: last, offset: last.text.length };
            return self.rangeProxy(self.track(loc === 'Start' ? { start, end: { ...start } } : loc === 'End' ? { start: { ...end }, end } : { start, end }));
          },
        },
      },
    );
  }

  private textBoxParagraphs?: MockParagraph[];

  private search(text: string, options: unknown, within?: MockParagraph): any {
    this.record({ op: 'search', text, value: options, paragraph: within ? this.index(within) : undefined });
    const needle = decodeSearch(text);
    const needles = [needle, ...(this.options.searchAlsoMatches?.[needle] ?? [])];
    const hits: LiveRange[] = [];
    this.textBoxParagraphs ??= (this.options.textBoxes ?? []).map((t) => this.newParagraph({ text: t }));
    for (const para of within ? [within] : [...this.textBoxParagraphs, ...this.paragraphs]) {
      let from = 0;
      for (;;) {
        let best = -1;
        let len = 0;
        for (const n of needles) {
          const at = para.text.indexOf(n, from);
          if (at >= 0 && (best < 0 || at < best)) {
            best = at;
            len = n.length;
          }
        }
        if (best < 0) break;
        hits.push(this.track({ start: { para, offset: best }, end: { para, offset: best + len } }));
        from = best + len;
      }
    }
    return this.collection(hits.map((h) => this.rangeProxy(h)), (item: any, props) => item.load(props));
  }

  private paragraphCollection(paras: MockParagraph[]): any {
    return this.collection(paras.map((p) => this.paragraphProxy(p)), (item: any, props) => item.load(props));
  }

  private paragraphProxy(para: MockParagraph): any {
    const self = this;
    const whole = (): LiveRange => self.track({ start: { para, offset: 0 }, end: { para, offset: para.text.length } });
    return this.loadable(
      { text: para.text, style: para.style, styleBuiltIn: para.styleBuiltIn, isListItem: para.isListItem, tableNestingLevel: para.tableNestingLevel },
      {
        __para: { value: para },
        getReviewedText: { value: (kind = 'Current') => self.reviewedResult([para], kind) },
        getTrackedChanges: { value: () => self.changesCollection([para]) },
        search: { value: (text: string, options: unknown) => self.search(text, options, para) },
        getNext: {
          value: () => {
            const next = self.paragraphs[self.index(para) + 1];
            if (!next) throw new Error('ItemNotFound: getNext past the last paragraph');
            return self.paragraphProxy(next);
          },
        },
        insertText: {
          value: (text: string, loc: string) => {
            self.record({ op: 'insertText', text, location: `paragraph:${loc}`, paragraph: self.index(para) });
            const r = whole();
            if (loc === 'Start') r.end = { ...r.start };
            if (loc === 'End') r.start = { ...r.end };
            return self.rangeProxy(self.replace(r, text));
          },
        },
        delete: {
          value: () => {
            self.record({ op: 'deleteParagraph', paragraph: self.index(para) });
            const at = self.index(para);
            if (at >= 0) self.paragraphs.splice(at, 1);
          },
        },
        startNewList: {
          value: () => {
            const id = ++self.listIds;
            para.listId = id;
            para.isListItem = true;
            self.record({ op: 'startNewList', paragraph: self.index(para), value: id });
            return self.listProxy(id);
          },
        },
        detachFromList: {
          value: () => {
            para.listId = undefined;
            para.isListItem = false;
            self.record({ op: 'detachFromList', paragraph: self.index(para) });
          },
        },
        getRange: {
          value: (loc = 'Whole') => {
            const r = whole();
            if (loc === 'Start') r.end = { ...r.start };
            if (loc === 'End') r.start = { ...r.end };
            return self.rangeProxy(r);
          },
        },
        insertParagraph: {
          value: (text: string, loc: string) => {
            const at = self.index(para) + (loc === 'After' ? 1 : 0);
            const created = self.insertParagraphAt(at, text);
            // Like Word, the new paragraph takes this one's paragraph formatting, list membership included.
            created.styleBuiltIn = para.styleBuiltIn;
            created.style = para.style;
            created.listId = para.listId;
            created.isListItem = para.isListItem;
            self.record({ op: 'insertParagraph', text, location: loc, paragraph: at });
            return self.paragraphProxy(created);
          },
        },
        insertContentControl: {
          value: () => {
            const control: MockControl = { paragraphs: [para] };
            para.control = control;
            self.controls.push(control);
            self.record({ op: 'insertContentControl', paragraph: self.index(para) });
            return self.controlProxy(control);
          },
        },
        getAnnotations: {
          value: () =>
            self.collection(
              para.annotations.map((a) =>
                self.loadable({ id: a.id }, {
                  delete: {
                    value: () => {
                      para.annotations.splice(para.annotations.indexOf(a), 1);
                      self.record({ op: 'deleteAnnotation', value: a.id });
                    },
                  },
                }),
              ),
              (item: any, props) => item.load(props),
            ),
        },
        insertAnnotations: {
          value: (set: { critiques: Array<{ start: number; length: number; colorScheme: string }> }) => {
            const ids = set.critiques.map((critique) => {
              const id = `ann-${++self.annotationId}`;
              para.annotations.push({ id, critique });
              return id;
            });
            self.record({ op: 'insertAnnotations', paragraph: self.index(para), value: set.critiques });
            let ready = false;
            const result = {
              sync: () => {
                ready = true;
              },
              get value() {
                if (!ready) throw new Error('value: Error, context.sync() was not called');
                return ids;
              },
            };
            self.registry.push(result);
            return result;
          },
        },
      },
      (prop, value) => {
        if (prop === 'styleBuiltIn') {
          para.styleBuiltIn = String(value);
          para.style = STYLE_NAMES[para.styleBuiltIn] ?? para.styleBuiltIn;
          self.record({ op: 'setStyle', paragraph: self.index(para), value });
        }
      },
    );
  }

  private listIds = 0;

  /** Paragraphs of a list, in document order. */
  listParagraphs(id: number): MockParagraph[] {
    return this.paragraphs.filter((p) => p.listId === id);
  }

  private listProxy(id: number): any {
    const self = this;
    return this.loadable(
      { id },
      {
        insertParagraph: {
          value: (text: string, loc: string) => {
            if (loc !== 'End') throw new Error(`mock: list.insertParagraph(${loc}) is not modelled`);
            const members = self.listParagraphs(id);
            const last = members[members.length - 1];
            const created = self.insertParagraphAt(self.index(last) + 1, text);
            Object.assign(created, { listId: id, isListItem: true, styleBuiltIn: last.styleBuiltIn, style: last.style });
            self.record({ op: 'insertParagraph', text, location: 'list:End', paragraph: self.index(created) });
            return self.paragraphProxy(created);
          },
        },
      },
    );
  }

  /** Documents made by application.createDocument(), with what was put in them and whether they were opened. */
  readonly created: Array<{ base64?: string; paragraphs: MockParagraph[]; opened: boolean }> = [];

  private createDocument(base64?: string): any {
    const doc = { base64, paragraphs: [] as MockParagraph[], opened: false };
    this.created.push(doc);
    this.record({ op: 'createDocument', text: base64 });
    const self = this;
    const body = {
      insertParagraph: (text: string, loc: string) => {
        if (!self.supports('WordApiHiddenDocument', '1.3')) throw new Error('DocumentCreated.body needs WordApiHiddenDocument 1.3');
        const para = self.newParagraph({ text });
        if (loc === 'Start') doc.paragraphs.unshift(para);
        else doc.paragraphs.push(para);
        return this.loadable({}, {}, (prop, value) => {
          if (prop === 'styleBuiltIn') {
            para.styleBuiltIn = String(value);
            para.style = STYLE_NAMES[para.styleBuiltIn] ?? para.styleBuiltIn;
          }
        });
      },
    };
    return {
      get body() {
        return body;
      },
      open: () => {
        doc.opened = true;
        self.record({ op: 'openDocument' });
      },
    };
  }

  private controlProxy(control: MockControl): any {
    const self = this;
    return this.loadable(
      {},
      {
        insertParagraph: {
          value: (text: string, loc: string) => {
            if (loc !== 'End') throw new Error(`mock: insertParagraph(${loc}) on a content control is not modelled`);
            const last = control.paragraphs[control.paragraphs.length - 1];
            const created = self.insertParagraphAt(self.index(last) + 1, text, control);
            self.record({ op: 'insertParagraph', text, location: `control:${loc}`, paragraph: self.index(created) });
            return self.paragraphProxy(created);
          },
        },
      },
      (prop, value) => {
        if (prop === 'tag') control.tag = String(value);
        if (prop === 'title') control.title = String(value);
      },
    );
  }

  private rangeProxy(range: LiveRange): any {
    const self = this;
    let paragraphs: any;
    const parent = range.start.para.control && range.start.para.control === range.end.para.control ? range.start.para.control : undefined;
    return this.loadable(
      {
        text: this.textOf(range),
        parentContentControlOrNullObject: { isNullObject: !parent, cannotEdit: Boolean(parent?.cannotEdit) },
      },
      {
        __range: { value: range },
        paragraphs: {
          get: () => (paragraphs ??= self.paragraphCollection(self.paragraphs.slice(self.index(range.start.para), self.index(range.end.para) + 1))),
        },
        getRange: {
          value: (loc = 'Whole') =>
            self.rangeProxy(
              self.track(
                loc === 'Start'
                  ? { start: { ...range.start }, end: { ...range.start } }
                  : loc === 'End'
                    ? { start: { ...range.end }, end: { ...range.end } }
                    : { start: { ...range.start }, end: { ...range.end } },
              ),
            ),
        },
        expandTo: {
          value: (other: any) => {
            const o: LiveRange = other.__range;
            const start = self.cmp(range.start, o.start) <= 0 ? range.start : o.start;
            const end = self.cmp(range.end, o.end) >= 0 ? range.end : o.end;
            return self.rangeProxy(self.track({ start: { ...start }, end: { ...end } }));
          },
        },
        insertText: {
          value: (text: string, loc: string) => {
            self.record({ op: 'insertText', text, location: loc, paragraph: self.index(range.start.para) });
            self.refuseLocked(range, 'insertText');
            if (loc === 'Replace') return self.rangeProxy(self.replace(range, text));
            const at = loc === 'After' || loc === 'End' ? range.end : range.start;
            const inserted = self.track({ start: { ...at }, end: { ...at } });
            return self.rangeProxy(self.replace(inserted, text));
          },
        },
        delete: {
          value: () => {
            self.record({ op: 'delete', paragraph: self.index(range.start.para) });
            self.refuseLocked(range, 'delete');
            self.replace(range, '');
          },
        },
        select: {
          value: () => {
            self.record({ op: 'select', paragraph: self.index(range.start.para) });
            self.selection = self.track({ start: { ...range.start }, end: { ...range.end } });
          },
        },
        insertContentControl: {
          value: () => {
            const paras = self.paragraphs.slice(self.index(range.start.para), self.index(range.end.para) + 1);
            const control: MockControl = { paragraphs: paras };
            for (const p of paras) p.control = control;
            self.controls.push(control);
            self.record({ op: 'insertContentControl', paragraph: self.index(range.start.para) });
            return self.controlProxy(control);
          },
        },
        insertFileFromBase64: {
          value: (base64: string, loc: string) => {
            self.record({ op: 'insertFileFromBase64', location: loc, text: base64 });
            const at = self.index(range.end.para) + 1;
            const created = self.insertParagraphAt(at, `[docx ${base64.length}]`);
            return self.rangeProxy(self.track({ start: { para: created, offset: 0 }, end: { para: created, offset: created.text.length } }));
          },
        },
      },
    );
  }
}

export function wordDocument(options: WordMockOptions): WordMock {
  return new WordMock(options).install();
}
