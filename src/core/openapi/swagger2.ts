// Swagger 2.0 → OpenAPI 3.0 shape, so every engine sees one model. Follows the mapping of the
// OpenAPI 3.0 migration guide: definitions → components/schemas, body/formData → requestBody,
// produces/consumes → content, host/basePath/schemes → servers, collectionFormat → style/explode,
// x-nullable → nullable, type: file → string/binary. Pointers in findings refer to the converted shape.

type Obj = Record<string, unknown>;

/** The schema keywords a 2.0 parameter, header or `items` carries inline (its `schema` in 3.0). */
export const SWAGGER2_INLINE_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
] as const;

const HTTP = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rewrites 2.0 `$ref`s and schema quirks anywhere in a subtree (returns a new tree). */
function rewrite(node: unknown, bodyParams: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, bodyParams));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out[k] = rewriteRef(v, bodyParams);
    else if (k === 'x-nullable') out.nullable = v;
    else if (k === 'type' && v === 'file') {
      out.type = 'string';
      out.format = 'binary';
    } else if (k === 'example' || k === 'default' || k === 'enum' || k.startsWith('x-')) out[k] = v;
    else out[k] = rewrite(v, bodyParams);
  }
  return out;
}

function rewriteRef(ref: string, bodyParams: ReadonlySet<string>): string {
  const hash = ref.indexOf('#');
  if (hash < 0) return ref;
  const file = ref.slice(0, hash);
  const frag = ref.slice(hash);
  if (frag.startsWith('#/definitions/')) return `${file}#/components/schemas/${frag.slice(14)}`;
  if (frag.startsWith('#/responses/')) return `${file}#/components/responses/${frag.slice(12)}`;
  if (frag.startsWith('#/parameters/')) {
    const name = frag.slice(13);
    return bodyParams.has(name)
      ? `${file}#/components/requestBodies/${name}`
      : `${file}#/components/parameters/${name}`;
  }
  return ref;
}

function schemaOf(p: Obj): Obj {
  const schema: Obj = {};
  for (const k of SWAGGER2_INLINE_SCHEMA_KEYS) if (k in p) schema[k] = p[k];
  if (p['x-nullable'] !== undefined) schema.nullable = p['x-nullable'];
  if (schema.type === 'file') {
    schema.type = 'string';
    schema.format = 'binary';
  }
  if (isObj(schema.items)) schema.items = schemaOf(schema.items as Obj);
  return schema;
}

function styleOf(collectionFormat: unknown, where: unknown): Obj {
  switch (collectionFormat) {
    case 'multi':
      return { style: 'form', explode: true };
    case 'ssv':
      return { style: 'spaceDelimited', explode: false };
    case 'pipes':
      return { style: 'pipeDelimited', explode: false };
    case 'csv':
    case undefined:
      return where === 'query' || where === 'formData' ? { style: 'form', explode: false } : {};
    default:
      return {};
  }
}

function convertParam(p: Obj): Obj {
  const out: Obj = { name: p.name, in: p.in };
  for (const k of ['description', 'required', 'allowEmptyValue', 'deprecated']) if (k in p) out[k] = p[k];
  if (p.type === 'array') Object.assign(out, styleOf(p.collectionFormat, p.in));
  out.schema = schemaOf(p);
  for (const [k, v] of Object.entries(p)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

function bodyFromParam(p: Obj, consumes: readonly string[]): Obj {
  const content: Obj = {};
  for (const mt of consumes) content[mt] = { schema: p.schema ?? {} };
  const out: Obj = { content };
  if (p.description !== undefined) out.description = p.description;
  if (p.required !== undefined) out.required = p.required;
  for (const [k, v] of Object.entries(p)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

function bodyFromForm(params: readonly Obj[], consumes: readonly string[]): Obj {
  const properties: Obj = {};
  const required: string[] = [];
  const encoding: Obj = {};
  for (const p of params) {
    const name = String(p.name);
    properties[name] = {
      ...schemaOf(p),
      ...(p.description !== undefined ? { description: p.description } : {}),
    };
    if (p.required === true) required.push(name);
    if (p.type === 'array' && p.collectionFormat !== undefined)
      encoding[name] = styleOf(p.collectionFormat, 'formData');
  }
  const schema: Obj = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  const forms = consumes.filter(
    (c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded',
  );
  const types = forms.length > 0 ? forms : ['application/x-www-form-urlencoded'];
  const content: Obj = {};
  for (const mt of types) {
    content[mt] = Object.keys(encoding).length > 0 ? { schema, encoding } : { schema };
  }
  return { content, ...(required.length > 0 ? { required: true } : {}) };
}

function convertResponse(r: Obj, produces: readonly string[]): Obj {
  if (typeof r.$ref === 'string') return r;
  const out: Obj = { description: r.description ?? '' };
  if (r.schema !== undefined) {
    const content: Obj = {};
    for (const mt of produces) {
      const media: Obj = { schema: r.schema };
      if (isObj(r.examples) && r.examples[mt] !== undefined) media.example = r.examples[mt];
      content[mt] = media;
    }
    out.content = content;
  }
  if (isObj(r.headers)) {
    const headers: Obj = {};
    for (const [name, h] of Object.entries(r.headers)) {
      if (!isObj(h)) continue;
      headers[name] = {
        ...(h.description !== undefined ? { description: h.description } : {}),
        schema: schemaOf(h),
      };
    }
    out.headers = headers;
  }
  for (const [k, v] of Object.entries(r)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

function convertOperation(op: Obj, pathParams: readonly unknown[], root: Obj): Obj {
  const consumes = (op.consumes ?? root.consumes ?? ['application/json']) as string[];
  const produces = (op.produces ?? root.produces ?? ['application/json']) as string[];
  const out: Obj = {};
  for (const [k, v] of Object.entries(op)) {
    if (!['parameters', 'responses', 'consumes', 'produces', 'schemes', 'security'].includes(k)) out[k] = v;
  }
  if (op.security !== undefined) out.security = op.security;
  const params = ((op.parameters as unknown[]) ?? []).filter(isObj);
  const plain: unknown[] = [];
  const form: Obj[] = [];
  for (const p of params) {
    if (typeof p.$ref === 'string' && p.$ref.includes('#/components/requestBodies/')) out.requestBody = p;
    else if (typeof p.$ref === 'string') plain.push(p);
    else if (p.in === 'body') out.requestBody = bodyFromParam(p, consumes);
    else if (p.in === 'formData') form.push(p);
    else plain.push(convertParam(p));
  }
  // Path-level formData/body parameters apply to every operation too.
  for (const p of pathParams.filter(isObj)) {
    if (p.in === 'body' && out.requestBody === undefined) out.requestBody = bodyFromParam(p, consumes);
    if (p.in === 'formData' && !form.some((f) => f.name === p.name)) form.push(p);
  }
  if (form.length > 0 && out.requestBody === undefined) out.requestBody = bodyFromForm(form, consumes);
  if (plain.length > 0) out.parameters = plain;
  if (isObj(op.responses)) {
    const responses: Obj = {};
    for (const [code, r] of Object.entries(op.responses)) {
      responses[code] = isObj(r) && !code.startsWith('x-') ? convertResponse(r, produces) : r;
    }
    out.responses = responses;
  }
  return out;
}

function convertSecurityScheme(s: Obj): Obj {
  if (s.type === 'basic')
    return { type: 'http', scheme: 'basic', ...(s.description ? { description: s.description } : {}) };
  if (s.type !== 'oauth2') return s;
  const scopes = s.scopes ?? {};
  const flowName =
    s.flow === 'accessCode'
      ? 'authorizationCode'
      : s.flow === 'application'
        ? 'clientCredentials'
        : String(s.flow ?? 'implicit');
  const flow: Obj = { scopes };
  if (s.authorizationUrl !== undefined) flow.authorizationUrl = s.authorizationUrl;
  if (s.tokenUrl !== undefined) flow.tokenUrl = s.tokenUrl;
  return {
    type: 'oauth2',
    ...(s.description !== undefined ? { description: s.description } : {}),
    flows: { [flowName]: flow },
  };
}

/** Converts a Swagger 2.0 document root into an OpenAPI 3.0.3-shaped root. */
export function convertSwagger2(doc: Obj): Obj {
  const paramDefs = isObj(doc.parameters) ? doc.parameters : {};
  const bodyParams = new Set(
    Object.entries(paramDefs)
      .filter(([, p]) => isObj(p) && (p.in === 'body' || p.in === 'formData'))
      .map(([k]) => k),
  );
  const root = rewrite(doc, bodyParams) as Obj;
  const out: Obj = { openapi: '3.0.3', info: root.info ?? {} };
  const schemes = (root.schemes as string[] | undefined) ?? ['https'];
  if (typeof root.host === 'string') {
    out.servers = schemes.map((s) => ({ url: `${s}://${root.host}${root.basePath ?? ''}` }));
  } else if (typeof root.basePath === 'string') {
    out.servers = [{ url: root.basePath }];
  }
  for (const k of ['tags', 'externalDocs', 'security']) if (root[k] !== undefined) out[k] = root[k];
  for (const [k, v] of Object.entries(root)) if (k.startsWith('x-')) out[k] = v;

  const paths: Obj = {};
  for (const [p, itemRaw] of Object.entries(isObj(root.paths) ? root.paths : {})) {
    if (!isObj(itemRaw)) continue;
    const item: Obj = {};
    const pathParams = Array.isArray(itemRaw.parameters) ? itemRaw.parameters : [];
    for (const [k, v] of Object.entries(itemRaw)) {
      if ((HTTP as readonly string[]).includes(k) && isObj(v))
        item[k] = convertOperation(v, pathParams, root);
      else if (k === 'parameters') {
        const plain = pathParams.filter((x) => isObj(x) && x.in !== 'body' && x.in !== 'formData');
        if (plain.length > 0) item.parameters = plain.map((x) => (isObj(x) && !x.$ref ? convertParam(x) : x));
      } else item[k] = v;
    }
    paths[p] = item;
  }
  out.paths = paths;

  const components: Obj = {};
  if (isObj(root.definitions)) components.schemas = root.definitions;
  const params: Obj = {};
  const bodies: Obj = {};
  const consumes = (root.consumes ?? ['application/json']) as string[];
  for (const [k, p] of Object.entries(isObj(root.parameters) ? root.parameters : {})) {
    if (!isObj(p)) continue;
    if (p.in === 'body') bodies[k] = bodyFromParam(p, consumes);
    else if (p.in === 'formData') bodies[k] = bodyFromForm([p], consumes);
    else params[k] = convertParam(p);
  }
  if (Object.keys(params).length > 0) components.parameters = params;
  if (Object.keys(bodies).length > 0) components.requestBodies = bodies;
  if (isObj(root.responses)) {
    const produces = (root.produces ?? ['application/json']) as string[];
    const responses: Obj = {};
    for (const [k, r] of Object.entries(root.responses))
      if (isObj(r)) responses[k] = convertResponse(r, produces);
    components.responses = responses;
  }
  if (isObj(root.securityDefinitions)) {
    const schemes: Obj = {};
    for (const [k, s] of Object.entries(root.securityDefinitions))
      if (isObj(s)) schemes[k] = convertSecurityScheme(s);
    components.securitySchemes = schemes;
  }
  if (Object.keys(components).length > 0) out.components = components;
  return out;
}
