/** Template packs: schema, loader with file:line:column diagnostics, and the offline composer. */
export * from './schema';
export * from './errors';
export { parseYamlFile, positionAt, type Position, type YamlFile } from './parse';
export { parseBody, type BodyTemplate, type BodySegment, type Placeholder, type BodyProblem } from './body';
export * from './source';
export * from './types';
export { loadPacks, findTemplate, findDepartment, templateKeys, type LoadedPacks, type LoadOptions } from './loader';
export * from './dates';
export * from './marking';
export { deriveSalutation, type Salutation } from './salutation';
export { resolveFields, type FieldProblem, type ResolvedFields } from './fields';
export { placeKeyPoints, tidyPoint, type Placement } from './key-points';
export { renderBody, joinParts, type RenderValues, type RenderedPart } from './render';
export * from './compose';
export { templateCheckContext } from './check-context';
export { templatePackJsonSchema, templatePackJsonSchemaText } from './json-schema';
