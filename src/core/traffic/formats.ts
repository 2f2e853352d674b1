// OpenAPI's own formats (OAS 3.1 §4.4 "Data Types") on top of ajv-formats: int32/int64 ranges, float/double
// (any number), byte (base64), binary and password (any string: they describe handling, not syntax).
import type { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function addOpenApiFormats(ajv: Ajv): void {
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => BASE64.test(s) });
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
}
