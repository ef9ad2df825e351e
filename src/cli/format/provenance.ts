/**
 * The Wenshu drafts a checked .docx holds, as text lines under the file's findings: which template version and
 * which composer or model wrote each section, repairs, findings open at hand-over, who inserted it and when.
 */
import type { FoundProvenance } from '../../node/readers/docx-provenance';
import type { Lang } from '../lang';

export function provenanceLines(path: string, found: readonly FoundProvenance[], lang: Lang): string[] {
  const zh = lang === 'zh-HK';
  return found.flatMap(({ draftId, record, inDocument }) => {
    if (!record) return [zh ? `${path}: 文書通草稿 ${draftId}：找不到可讀的來源紀錄` : `${path}: Wenshu draft ${draftId}: no readable provenance record`];
    const sections = record.sections
      .map((s) => {
        const by = s.composer === 'model' ? (zh ? `模型 ${s.model ?? '?'}（${s.provider}）` : `model ${s.model ?? '?'} via ${s.provider}`) : zh ? '離線撰寫' : 'offline composer';
        return `${s.id}: ${by}${s.repaired ? (zh ? '，經修正' : ', repaired') : ''}`;
      })
      .join('; ');
    const open = record.findingsAtHandOver.length;
    return zh
      ? [
          `${path}: 文書通草稿 ${draftId}${inDocument ? '' : '（內容已從文件刪除）'}`,
          `  範本 ${record.template.id}（${record.template.version}）；格式：範本；${sections}`,
          `  修正 ${record.repairRounds} 次；交付時未處理的檢查結果 ${open} 項；${record.insertedBy} 於 ${record.insertedAt} 插入（${record.host}）`,
        ]
      : [
          `${path}: Wenshu draft ${draftId}${inDocument ? '' : ' (its content has been deleted from the document)'}`,
          `  template ${record.template.id} (${record.template.version}); frame: template; ${sections}`,
          `  repair rounds ${record.repairRounds}; findings open at hand-over ${open}; inserted by ${record.insertedBy} at ${record.insertedAt} (${record.host})`,
        ];
  });
}
