import type { DocumentModel } from '../../core/text/document';
import type { FoundProvenance } from './docx-provenance';

export type DocumentFormat = 'txt' | 'md' | 'docx' | 'eml';

export interface ReadResult {
  model: DocumentModel;
  /**
   * The text that findings' offsets refer to: the file's own text for .txt and .md (after a UTF-8 byte-order
   * mark), the blocks joined by "\n" for .docx and .eml.
   */
  text: string;
  format: DocumentFormat;
  /** .txt/.md only: the file started with a UTF-8 byte-order mark (dropped from `text`). */
  bom?: boolean;
  /** .docx: the Wenshu drafts it holds, with their provenance records (see docx-provenance.ts). */
  provenance?: FoundProvenance[];
}
