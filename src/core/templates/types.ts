/** Packs as loaded: the validated YAML plus where it came from and the parsed bodies. */
import type { BodyTemplate } from './body';
import type { DepartmentSpec, Lang, TemplateSpec } from './schema';

export interface Body {
  lang: Lang;
  /** The file the template text came from (a .md body, or the .docx when there is no .md). */
  file: string;
  template: BodyTemplate;
  /** The .docx body for this language, when the pack has one (filled by a .docx renderer, not by composeDraft). */
  docx?: { file: string; bytes: Uint8Array };
}

export type Template = TemplateSpec & {
  /** `<department>/<template>`, e.g. `fehd/reply-public`. */
  key: string;
  department: string;
  dir: string;
  /** Path of template.yaml. */
  file: string;
  bodies: Partial<Record<Lang, Body>>;
};

export type Department = DepartmentSpec & {
  dir: string;
  /** Path of department.yaml. */
  file: string;
  templates: Template[];
};
