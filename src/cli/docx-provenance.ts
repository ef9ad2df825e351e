/**
 * Puts a draft's provenance into a .docx the way the add-in leaves it in Word: the body wrapped in one block-level
 * content control tagged `wenshu-ai-draft:<id>` (titled 文書通草稿 Wenshu draft), and the record as a custom XML part
 * (customXml/item1.xml with its itemProps part, related from the main document), so `wenshu check x.docx` and Word
 * itself find it.
 */
import JSZip from 'jszip';
import { draftControlTag, PROVENANCE_NAMESPACE, provenanceXml, type InsertedProvenance } from '../core/drafting/provenance-record';

const CUSTOM_XML_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const CUSTOM_XML_PROPS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps';
const PROPS_TYPE = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml';

export async function withProvenance(docx: Uint8Array, record: InsertedProvenance): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(docx);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`the generated .docx has no ${name}`);
    return file.async('string');
  };
  let n = 1;
  while (zip.file(`customXml/item${n}.xml`)) n += 1;

  zip.file(`customXml/item${n}.xml`, provenanceXml(record));
  zip.file(
    `customXml/itemProps${n}.xml`,
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{${guid(record.draftId)}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${PROVENANCE_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`,
  );
  zip.file(
    `customXml/_rels/item${n}.xml.rels`,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${CUSTOM_XML_PROPS_REL}" Target="itemProps${n}.xml"/></Relationships>`,
  );

  const rels = await read('word/_rels/document.xml.rels');
  const ids = new Set([...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]));
  let id = 1;
  while (ids.has(`rIdWenshu${id}`)) id += 1;
  zip.file('word/_rels/document.xml.rels', rels.replace('</Relationships>', `<Relationship Id="rIdWenshu${id}" Type="${CUSTOM_XML_REL}" Target="../customXml/item${n}.xml"/></Relationships>`));

  let types = await read('[Content_Types].xml');
  if (!/<Default[^>]*Extension="xml"/i.test(types)) types = types.replace('</Types>', '<Default Extension="xml" ContentType="application/xml"/></Types>');
  zip.file('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/customXml/itemProps${n}.xml" ContentType="${PROPS_TYPE}"/></Types>`));

  const document = await read('word/document.xml');
  zip.file('word/document.xml', wrapBody(document, draftControlTag(record.draftId)));
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

/** Everything in w:body but the final section properties, inside one tagged block-level content control. */
function wrapBody(document: string, tag: string): string {
  const open = /<w:body>/.exec(document);
  const close = document.lastIndexOf('</w:body>');
  if (!open || close < 0) throw new Error('the generated .docx has no w:body');
  const start = open.index + open[0].length;
  const inner = document.slice(start, close);
  const sect = inner.lastIndexOf('<w:sectPr');
  const content = sect >= 0 ? inner.slice(0, sect) : inner;
  const tail = sect >= 0 ? inner.slice(sect) : '';
  const sdt = `<w:sdt><w:sdtPr><w:alias w:val="文書通草稿 Wenshu draft"/><w:tag w:val="${tag}"/></w:sdtPr><w:sdtContent>${content}</w:sdtContent></w:sdt>`;
  return document.slice(0, start) + sdt + tail + document.slice(close);
}

/** A GUID-shaped item id derived from the draft id (stable for one draft). */
function guid(draftId: string): string {
  const hex = Array.from(draftId.replace(/[^0-9a-f]/gi, '').toUpperCase().padEnd(32, '0')).slice(0, 32).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
