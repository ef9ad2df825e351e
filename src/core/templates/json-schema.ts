/**
 * templates/schema.json: the JSON Schema of department.yaml and template.yaml, so that editors autocomplete and
 * check packs as they are typed (`# yaml-language-server: $schema=../schema.json`). A test keeps it up to date.
 */
import { z } from 'zod';
import { DepartmentSchema, TemplateSchema } from './schema';

export function templatePackJsonSchema(): Record<string, unknown> {
  // Input shape: keys with defaults are optional to the author.
  const options = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;
  const department = stripSchemaKey(z.toJSONSchema(DepartmentSchema, options));
  const template = stripSchemaKey(z.toJSONSchema(TemplateSchema, options));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://wenshu.invalid/templates/schema.json',
    title: 'Wenshu template pack: department.yaml or <template>/template.yaml',
    $defs: { department, template },
    // One file for both kinds, so every pack file can name it; editors pick the branch the file matches.
    anyOf: [{ $ref: '#/$defs/department' }, { $ref: '#/$defs/template' }],
  };
}

/** The file's text: two-space indented, ending with a newline. */
export function templatePackJsonSchemaText(): string {
  return `${JSON.stringify(templatePackJsonSchema(), null, 2)}\n`;
}

function stripSchemaKey(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  void _ignored;
  return rest;
}
