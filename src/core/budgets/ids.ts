// Stable budget ids and endpoint keys: `default`, `workspace:workspace-1`, `tag:users`, `endpoint:POST /api/users`.
import type { BudgetLevel } from './types.js';

export interface EndpointKey {
  /** Upper-case method, or null for "every method". */
  readonly method: string | null;
  readonly path: string;
}

/** Parses `"POST /api/users"` (method case-insensitive) or `"/api/users"` (every method); null when malformed. */
export function parseEndpointKey(key: string): EndpointKey | null {
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\/\S*)\s*$/.exec(key);
  if (!m) return null;
  return { method: m[1] ? m[1].toUpperCase() : null, path: m[2] as string };
}

/** The canonical spelling of an endpoint key: `POST /api/users`, or `/api/users`. */
export function formatEndpointKey(k: EndpointKey): string {
  return k.method ? `${k.method} ${k.path}` : k.path;
}

export function budgetId(level: BudgetLevel, key: string | null): string {
  if (level === 'default' || key === null) return 'default';
  if (level === 'endpoint') {
    const parsed = parseEndpointKey(key);
    return `endpoint:${parsed ? formatEndpointKey(parsed) : key}`;
  }
  return `${level}:${key}`;
}
