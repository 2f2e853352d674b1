// Git ref-name validity, as `git check-ref-format --branch` judges it (git-check-ref-format(1), rules 1-10),
// so a branch we derive from endpoint names is never one git refuses.

/** Why `name` is not a valid branch name, or null when it is. */
export function branchNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  if (name === '@') return "is the single character '@'";
  if (name === 'HEAD') return "is 'HEAD'";
  if (name.startsWith('-')) return "starts with '-'";
  if (name.startsWith('/') || name.endsWith('/')) return "starts or ends with '/'";
  if (name.includes('//')) return "contains '//'";
  if (name.endsWith('.')) return "ends with '.'";
  if (name.includes('..')) return "contains '..'";
  if (name.includes('@{')) return "contains '@{'";
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) return 'contains a control character';
    if (' ~^:?*[\\'.includes(ch)) return `contains '${ch}'`;
  }
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `component '${component}' starts with '.'`;
    if (component.endsWith('.lock')) return `component '${component}' ends with '.lock'`;
  }
  return null;
}

export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === null;
}
