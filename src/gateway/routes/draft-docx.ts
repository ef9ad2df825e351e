/**
 * `POST /v1/drafts` with `format: "docx"`: the template's body.docx filled from the same values as the Markdown
 * frame and the same section text (the model's, or the offline composer's), returned base64 in the JSON answer and
 * in the SSE `done` event, for the add-in's insertFileFromBase64.
 */
import { assemble, type FrameInput } from '../../core/drafting/assemble';
import type { DraftOutcome } from '../../core/drafting/model-draft';
import type { DocxFillValues } from '../../core/templates/compose';
import { DocxTemplateError, fillDocx } from '../../core/templates/docx-fill';
import type { Lang } from '../../core/templates/schema';
import type { Template } from '../../core/templates/types';
import { HttpError } from '../types';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface DocxAnswer {
  base64: string;
  mediaType: string;
  /** The body file it was filled from, as the pack names it (e.g. reply-public/body.en.docx). */
  template: string;
}

/** The template's .docx body for the language, or a 400 that says there is none. */
export function requireDocxBody(template: Template, lang: Lang): { file: string; bytes: Uint8Array } {
  const docx = template.bodies[lang]?.docx;
  if (!docx) throw new HttpError(400, 'invalid_request', `template ${template.key} has no .docx body for ${lang} (body.${lang}.docx); ask for format "markdown"`);
  return docx;
}

export function docxAnswer(body: { file: string; bytes: Uint8Array }, fill: DocxFillValues): { docx: DocxAnswer } {
  try {
    const bytes = fillDocx(body.bytes, fill);
    return { docx: { base64: Buffer.from(bytes).toString('base64'), mediaType: DOCX_MEDIA_TYPE, template: body.file.split('/').slice(-2).join('/') } };
  } catch (err) {
    // The pack passed lint at load, so this is the gateway's fault, not the caller's: said as such.
    if (err instanceof DocxTemplateError) throw new HttpError(500, 'template_error', `${body.file.split('/').slice(-3).join('/')} cannot be filled: ${err.message}`);
    throw err;
  }
}

/** The model's draft as a filled .docx: the frame rendered from the fields again, with the final sections. */
export function modelDocx(body: { file: string; bytes: Uint8Array }, frame: FrameInput, outcome: DraftOutcome): { docx: DocxAnswer } {
  return docxAnswer(body, assemble(frame, outcome.content).fill);
}
