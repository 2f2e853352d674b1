// The webhook signature scheme: `X-Driftgate-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
// with `X-Driftgate-Timestamp` in Unix seconds. Pure: the HMAC function is passed in.

export const SIGNATURE_PREFIX = 'sha256=';

export const HEADER_EVENT = 'X-Driftgate-Event';
export const HEADER_DELIVERY = 'X-Driftgate-Delivery';
export const HEADER_TIMESTAMP = 'X-Driftgate-Timestamp';
export const HEADER_SIGNATURE = 'X-Driftgate-Signature';

/** Default window a receiver accepts a timestamp in (replay protection), seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type HmacSha256Hex = (secret: string, message: string) => string;

export function signedContent(timestamp: string, body: string): string {
  return `${timestamp}.${body}`;
}

export function signatureHeader(
  hmac: HmacSha256Hex,
  secret: string,
  timestamp: string,
  body: string,
): string {
  return `${SIGNATURE_PREFIX}${hmac(secret, signedContent(timestamp, body))}`;
}

/** The hex digest of a `sha256=` header value, or null when malformed. */
export function parseSignatureHeader(value: string): string | null {
  const v = value.trim();
  if (!v.startsWith(SIGNATURE_PREFIX)) return null;
  const hex = v.slice(SIGNATURE_PREFIX.length).toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** Why a timestamp is unacceptable, or null when it is within `toleranceSeconds` of `nowSeconds`. */
export function timestampProblem(
  timestamp: string,
  nowSeconds: number,
  toleranceSeconds: number,
): string | null {
  if (!/^\d{1,12}$/.test(timestamp.trim())) return 'timestamp is not Unix seconds';
  const skew = Math.abs(nowSeconds - Number(timestamp.trim()));
  return skew > toleranceSeconds
    ? `timestamp is ${skew}s away from now (tolerance ${toleranceSeconds}s)`
    : null;
}
