// RFC 9457 problem+json: the one place an error becomes an HTTP status and body.
import type { ZodError } from 'zod';
import { type ErrorCode, formatLocation, isDriftgateError } from '../core/errors.js';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  /** Failing fields: `body.max_breaking_changes`, `query.limit`, a spec pointer, a file:line. */
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly code: string,
    readonly errors?: readonly { readonly field: string; readonly message: string }[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

const STATUS_OF_CODE = {
  usage: 400,
  'io.not_found': 404,
  'io.read_failed': 400,
  'spec.parse': 422,
  'spec.not_text': 422,
  'spec.not_openapi': 422,
  'spec.unsupported_version': 422,
  'spec.ref_dangling': 422,
  'spec.ref_remote': 422,
  'spec.duplicate_operation': 422,
  'spec.invalid': 422,
  'config.parse': 400,
  'config.invalid': 400,
  'traffic.parse': 400,
  'ignore.parse': 400,
  'patch.conflict': 409,
  'store.conflict': 409,
  'store.not_found': 404,
  'incident.illegal_transition': 409,
  'request.invalid': 400,
  'auth.unauthorized': 401,
  'auth.forbidden': 403,
  not_implemented: 501,
} as const satisfies Record<ErrorCode, number>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

function problemType(code: string): string {
  return `https://driftgate.dev/problems/${code.replace(/[._]/g, '-')}`;
}

export function problem(status: number, code: string, detail: string, errors?: Problem['errors']): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function zodProblem(where: 'body' | 'query' | 'params', error: ZodError): HttpProblem {
  const errors = error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  return new HttpProblem(
    400,
    'Bad Request',
    `invalid ${where}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    'request.invalid',
    errors,
  );
}

/** Maps anything thrown by a handler to a problem and the headers to send with it. */
export function toProblem(e: unknown): { problem: Problem; headers: Readonly<Record<string, string>> } {
  if (e instanceof HttpProblem) {
    return { problem: problem(e.status, e.code, e.message, e.errors), headers: e.headers };
  }
  if (isDriftgateError(e)) {
    const where = formatLocation(e.location);
    const errors = [
      ...(where ? [{ field: where, message: e.message }] : []),
      ...e.details.map((d) => ({ field: formatLocation(d.location), message: d.message })),
    ];
    return { problem: problem(STATUS_OF_CODE[e.code], e.code, e.message, errors), headers: {} };
  }
  const fe = e as { statusCode?: number; code?: string; message?: string };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: body too large, bad JSON, unsupported media type.
    const code =
      fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'request.too_large'
        : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'request.unsupported_media_type'
          : 'request.invalid';
    return { problem: problem(fe.statusCode, code, fe.message ?? 'bad request'), headers: {} };
  }
  return { problem: problem(500, 'internal', 'internal error'), headers: {} };
}
