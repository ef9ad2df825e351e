/**
 * The server's own mapping of users, groups and tenants to departments and of departments to tiers.
 * Lookups use own properties only, so a claim such as "constructor" or "__proto__" maps to nothing.
 */
import type { Tier } from '../types';
import type { AuthConfig, DepartmentsConfig } from './auth-config';
import { forbidden } from './auth-errors';

function own(record: Record<string, string> | undefined, key: string | undefined): string | undefined {
  if (!record || key === undefined || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
  return record[key];
}

export interface DepartmentClaims {
  userId: string;
  tenantId: string;
  /** Group object ids from the token; their order does not matter. */
  groups?: readonly string[];
}

/**
 * The caller's department: by user, then by the first mapped group (in the order the configuration lists
 * its groups, so the result does not depend on the order of the token's claim), then by tenant, then the
 * default. Undefined when nothing maps.
 */
export function resolveDepartment(mapping: DepartmentsConfig, claims: DepartmentClaims): string | undefined {
  const byUser = own(mapping.byUser, claims.userId);
  if (byUser) return byUser;
  if (mapping.byGroup && claims.groups?.length) {
    const groups = new Set(claims.groups);
    for (const [group, department] of Object.entries(mapping.byGroup)) if (groups.has(group)) return department;
  }
  return own(mapping.byTenant, claims.tenantId) ?? mapping.default;
}

/** Like resolveDepartment, but a caller that maps to no department is refused (403). */
export function requireDepartment(mapping: DepartmentsConfig, claims: DepartmentClaims): string {
  const department = resolveDepartment(mapping, claims);
  if (!department) {
    throw forbidden('no department is configured for this user, their groups or their tenant; ask the gateway administrator to map them');
  }
  return department;
}

/** The department's plan; departments the configuration does not list are on the free tier. */
export function tierOf(tiers: AuthConfig['tiers'], department: string): Tier {
  return (own(tiers, department) as Tier | undefined) ?? 'free';
}
