import type { Department, Template } from '../core/templates/types';
import { formatDiagnostic } from '../core/templates/errors';
import { loadPacksFromDir } from '../node/pack-source';

/** The department packs the gateway serves, loaded once at start; a broken pack is reported and left out. */
export interface DepartmentPacks {
  departments: Map<string, Department>;
  problems: string[];
  template(department: string, id: string): Template | undefined;
}

export function loadDepartmentPacks(dir: string): DepartmentPacks {
  const loaded = loadPacksFromDir(dir);
  const departments = new Map(loaded.departments.map((d) => [d.id, d]));
  return {
    departments,
    problems: loaded.diagnostics.map(formatDiagnostic),
    template: (department, id) => departments.get(department)?.templates.find((t) => t.id === id),
  };
}
