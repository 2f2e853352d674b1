// The coded error catalog: every expected failure (bad spec, bad config, bad traffic, bad usage) is a
// DriftgateError with a code and a location. The CLI maps them to exit codes and the server to
// problem+json, each in one function (cli/exit.ts, server/problem.ts).

export const ERROR_CODES = [
  'usage',
  'io.not_found',
  'io.read_failed',
  'spec.parse',
  'spec.not_text',
  'spec.not_openapi',
  'spec.unsupported_version',
  'spec.ref_dangling',
  'spec.ref_remote',
  'spec.duplicate_operation',
  'spec.invalid',
  'config.parse',
  'config.invalid',
  'traffic.parse',
  'ignore.parse',
  'patch.conflict',
  'store.conflict',
  'store.not_found',
  'incident.illegal_transition',
  'request.invalid',
  'auth.unauthorized',
  'auth.forbidden',
  'not_implemented',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in which input the problem is. Every field optional; render what is known. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** JSON pointer (`#/paths/~1pets/get`) or a dotted key path for config. */
  readonly pointer?: string;
}

export class DriftgateError extends Error {
  override readonly name = 'DriftgateError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
    readonly details: readonly { readonly message: string; readonly location: ErrorLocation }[] = [],
  ) {
    super(message);
  }
}

export function isDriftgateError(e: unknown): e is DriftgateError {
  return e instanceof DriftgateError;
}

/** `file:line:col pointer: message`, the one way an error location is printed. */
export function formatLocation(loc: ErrorLocation): string {
  let out = loc.file ?? '';
  if (loc.line !== undefined) out += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  if (loc.pointer !== undefined) out += `${out ? ' ' : ''}${loc.pointer}`;
  return out;
}

export function formatError(e: DriftgateError): string {
  const where = formatLocation(e.location);
  const head = where ? `${where}: ${e.message}` : e.message;
  const rest = e.details.map((d) => {
    const w = formatLocation(d.location);
    return `  ${w ? `${w}: ` : ''}${d.message}`;
  });
  return [head, ...rest].join('\n');
}
