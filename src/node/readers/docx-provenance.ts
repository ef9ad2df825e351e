/**
 * Wenshu drafts found in a .docx: the custom XML parts in our namespace (customXml/item*.xml, as the add-in adds
 * them in Word and `wenshu draft --out x.docx` writes them), matched to the content controls they key
 * (`<w:tag w:val="wenshu-ai-draft:<id>"/>` in the document, its headers or footers). A record whose control is gone
 * says the draft's content was deleted (or the control removed); a control whose record is missing or unreadable
 * is reported too, never trusted in part.
 */
import { draftIdOfTag, readProvenanceXml, type InsertedProvenance } from '../../core/drafting/provenance-record';

export interface FoundProvenance {
  draftId: string;
  /** The record, or null when a tagged control has no readable record. */
  record: InsertedProvenance | null;
  /** The content control the record keys is still in the document. */
  inDocument: boolean;
}

const CUSTOM_XML_ITEM = /^customXml\/item\d+\.xml$/i;
const CONTENT_PART = /^word\/(document|header\d*|footer\d*)\.xml$/i;
const TAG = /<w:tag\s+w:val="([^"]*)"/g;

export function provenanceFromParts(parts: ReadonlyMap<string, string>): FoundProvenance[] {
  const records = new Map<string, InsertedProvenance>();
  for (const [name, xml] of parts) {
    if (!CUSTOM_XML_ITEM.test(name)) continue;
    const record = readProvenanceXml(xml);
    if (record) records.set(record.draftId, record);
  }
  const tagged = new Set<string>();
  for (const [name, xml] of parts) {
    if (!CONTENT_PART.test(name)) continue;
    for (const m of xml.matchAll(TAG)) {
      const id = draftIdOfTag(m[1]);
      if (id) tagged.add(id);
    }
  }
  const found: FoundProvenance[] = [...records.values()].map((record) => ({ draftId: record.draftId, record, inDocument: tagged.has(record.draftId) }));
  for (const id of tagged) if (!records.has(id)) found.push({ draftId: id, record: null, inDocument: true });
  return found;
}
