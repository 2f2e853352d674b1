// API tokens and workspace isolation (INTERFACES.md DRIFTGATE_TOKENS): each token has a role and a set of
// workspaces; with no tokens configured the server is open but bound to 127.0.0.1 only (compose decides).
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DriftgateError } from '../core/errors.js';

export type Role = 'reader' | 'writer' | 'admin';

export const ROLE_RANK = { reader: 0, writer: 1, admin: 2 } as const satisfies Record<Role, number>;

const TokenSchema = z.strictObject({
  token: z.string().min(16, 'tokens must be at least 16 characters'),
  role: z.enum(['admin', 'writer', 'reader']),
  workspaces: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
  name: z.string().optional(),
});
export type TokenEntry = z.output<typeof TokenSchema>;

export interface Principal {
  readonly name: string;
  readonly role: Role;
  /** `*` or the workspaces this caller may see and change. */
  readonly workspaces: '*' | ReadonlySet<string>;
}

/** The caller when no tokens are configured (loopback-only server). */
export const LOCAL_PRINCIPAL: Principal = { name: 'local', role: 'admin', workspaces: '*' };

/** Parses the DRIFTGATE_TOKENS JSON list; errors name the env var and the entry. */
export function parseTokens(json: string | undefined, envName = 'DRIFTGATE_TOKENS'): TokenEntry[] {
  if (json === undefined || json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new DriftgateError('config.invalid', `${envName} is not valid JSON: ${(e as Error).message}`, {
      pointer: envName,
    });
  }
  const parsed = z.array(TokenSchema).safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new DriftgateError('config.invalid', `${envName}: ${i.message}`, {
      pointer: [envName, ...i.path.map(String)].join('.'),
    });
  }
  return parsed.data;
}

export function authenticate(tokens: readonly TokenEntry[], header: string | undefined): Principal {
  if (tokens.length === 0) return LOCAL_PRINCIPAL;
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m)
    throw new DriftgateError('auth.unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
  const given = Buffer.from(m[1]!.trim());
  for (const [i, t] of tokens.entries()) {
    const want = Buffer.from(t.token);
    if (want.length === given.length && timingSafeEqual(want, given)) {
      return {
        name: t.name ?? `token-${i + 1}`,
        role: t.role,
        workspaces: t.workspaces === '*' ? '*' : new Set(t.workspaces),
      };
    }
  }
  throw new DriftgateError('auth.unauthorized', 'unknown token');
}

export function requireRole(p: Principal, role: Role): void {
  if (ROLE_RANK[p.role] < ROLE_RANK[role]) {
    throw new DriftgateError(
      'auth.forbidden',
      `this endpoint needs the ${role} role; the token has ${p.role}`,
    );
  }
}

export function canSee(p: Principal, workspaceId: string | null): boolean {
  if (p.workspaces === '*') return true;
  return workspaceId !== null && p.workspaces.has(workspaceId);
}

/** Throws 404 (not 403: another workspace's objects do not exist for this caller). */
export function assertWorkspace(p: Principal, workspaceId: string | null, what = 'resource'): void {
  if (!canSee(p, workspaceId)) throw new DriftgateError('store.not_found', `${what} not found`);
}

/** The workspaces a list query may cover: the requested one (checked) or the caller's set. */
export function workspaceScope(p: Principal, requested: string | undefined): string[] | '*' {
  if (requested !== undefined) {
    if (!canSee(p, requested))
      throw new DriftgateError('auth.forbidden', `no access to workspace '${requested}'`);
    return [requested];
  }
  return p.workspaces === '*' ? '*' : [...p.workspaces];
}
