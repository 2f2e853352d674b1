// The shape of a JSON value, compared instead of the value itself (PRODUCT.md "API sync": by shape, not by
// value, so a new timestamp or id is not drift). Arrays have one element shape, the union of their
// elements', so a reordered or longer list is not drift either.

export const SHAPE_TYPES = ['null', 'boolean', 'number', 'string', 'array', 'object'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];

export interface Shape {
  /** Types seen at this position (integers and other numbers are one `number`: 1 → 1.5 is not drift). */
  readonly types: ReadonlySet<ShapeType>;
  /** Object properties, when `object` is among the types. */
  readonly props: ReadonlyMap<string, Shape>;
  /** Union of the element shapes, when `array` is among the types and an element was seen. */
  readonly items: Shape | null;
}

const EMPTY_PROPS: ReadonlyMap<string, Shape> = new Map();

export function shapeOf(value: unknown, depth = 0): Shape {
  if (depth > 64) return { types: new Set(), props: EMPTY_PROPS, items: null };
  if (value === null || value === undefined)
    return { types: new Set(['null']), props: EMPTY_PROPS, items: null };
  if (Array.isArray(value)) {
    let items: Shape | null = null;
    for (const v of value) {
      const s = shapeOf(v, depth + 1);
      items = items ? unionShape(items, s) : s;
    }
    return { types: new Set(['array']), props: EMPTY_PROPS, items };
  }
  switch (typeof value) {
    case 'boolean':
      return { types: new Set(['boolean']), props: EMPTY_PROPS, items: null };
    case 'number':
    case 'bigint':
      return { types: new Set(['number']), props: EMPTY_PROPS, items: null };
    case 'string':
      return { types: new Set(['string']), props: EMPTY_PROPS, items: null };
    default: {
      const props = new Map<string, Shape>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        props.set(k, shapeOf(v, depth + 1));
      return { types: new Set(['object']), props, items: null };
    }
  }
}

/** The shape that admits both: types united, properties of either, element shapes united. */
export function unionShape(a: Shape, b: Shape): Shape {
  const types = new Set([...a.types, ...b.types]);
  const props = new Map(a.props);
  for (const [k, s] of b.props) {
    const prev = props.get(k);
    props.set(k, prev ? unionShape(prev, s) : s);
  }
  const items = a.items && b.items ? unionShape(a.items, b.items) : (a.items ?? b.items);
  return { types, props, items };
}

/** A stable short identity of a shape (for fixture file names: one file per response shape). */
export function shapeSignature(s: Shape): string {
  const types = [...s.types].sort().join('|');
  const props = [...s.props.keys()]
    .sort()
    .map((k) => `${JSON.stringify(k)}:${shapeSignature(s.props.get(k)!)}`);
  const items = s.items ? `[${shapeSignature(s.items)}]` : '';
  return `${types}${props.length > 0 ? `{${props.join(',')}}` : ''}${items}`;
}
