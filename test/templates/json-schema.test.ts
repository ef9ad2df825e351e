import * as fs from 'node:fs';
import * as path from 'node:path';
import { templatePackJsonSchema, templatePackJsonSchemaText } from '../../src/core/templates/json-schema';

const file = path.join(__dirname, '..', '..', 'templates', 'schema.json');

describe('templates/schema.json', () => {
  it('is the schema generated from the zod schemas (regenerate: WENSHU_WRITE_SCHEMA=1 npx jest test/templates/json-schema)', () => {
    const text = templatePackJsonSchemaText();
    if (process.env.WENSHU_WRITE_SCHEMA === '1') fs.writeFileSync(file, text);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('describes both files, with the keys an editor should offer', () => {
    const schema = templatePackJsonSchema() as { $defs: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    expect(Object.keys(schema.$defs.department.properties)).toEqual(['id', 'names', 'glossary', 'houseRules', 'policy', 'signatory']);
    expect(schema.$defs.template.properties).toHaveProperty('sections');
    // Keys with defaults are optional to the author.
    expect(schema.$defs.template.required).not.toContain('classification');
    expect(schema.$defs.template.required).toEqual(expect.arrayContaining(['id', 'kind', 'titles', 'languages', 'sections']));
  });

  it.each(['fehd', 'td'])('the %s pack files point editors at it', (dept) => {
    const root = path.join(__dirname, '..', '..', 'templates', dept);
    expect(fs.readFileSync(path.join(root, 'department.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema.json');
    for (const t of fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'template.yaml')))) {
      expect(fs.readFileSync(path.join(root, t, 'template.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema.json');
    }
  });
});
