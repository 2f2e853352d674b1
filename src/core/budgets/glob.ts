// Path globs for `custom` rules over OpenAPI path templates: `*` matches within one segment, `**` any
// number of segments (including none), `?` one character; everything else (including `{id}`) is literal.

const compiled = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = compiled.get(glob);
  if (cached) return cached;
  if (compiled.size >= 1_000) compiled.clear();
  const re = compileGlob(glob);
  compiled.set(glob, re);
  return re;
}

function compileGlob(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // `/**/` and a trailing `/**` also match zero segments.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function matchesGlob(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}
