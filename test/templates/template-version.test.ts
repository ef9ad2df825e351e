/** A template's version hash covers its body.docx too, also when a Markdown body stands beside it. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { findDepartment, findTemplate } from '../../src/core/templates/loader';
import { templateVersion } from '../../src/gateway/drafting/provenance';
import { BUNDLED_TEMPLATES_DIR, loadPacksFromDir } from '../../src/node/pack-source';

function versionIn(dir: string): string {
  const packs = loadPacksFromDir(dir);
  expect(packs.diagnostics).toEqual([]);
  return templateVersion(findTemplate(packs, 'td/reply-public')!, findDepartment(packs, 'td')!);
}

it('changes when only body.docx changes, and not when nothing does', async () => {
  const a = mkdtempSync(join(tmpdir(), 'wenshu-ver-'));
  const b = mkdtempSync(join(tmpdir(), 'wenshu-ver-'));
  cpSync(join(BUNDLED_TEMPLATES_DIR, 'td'), join(a, 'td'), { recursive: true });
  cpSync(join(BUNDLED_TEMPLATES_DIR, 'td'), join(b, 'td'), { recursive: true });
  expect(versionIn(a)).toBe(versionIn(b));
  // The letterhead's address changes; nothing else does.
  const file = join(b, 'td', 'reply-public', 'body.en.docx');
  const zip = await JSZip.loadAsync(readFileSync(file));
  const header = await zip.file('word/header1.xml')!.async('string');
  zip.file('word/header1.xml', header.replace('41/F, Immigration Tower', '40/F, Immigration Tower'));
  writeFileSync(file, await zip.generateAsync({ type: 'uint8array' }));
  expect(versionIn(a)).not.toBe(versionIn(b));
});
