// `driftgate diff --format junit`: one testcase per changed operation (plus one for document-level
// changes); a testcase fails when it has a change at or above --fail-on. Readable by every CI's JUnit view.
import type { DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';
import { type DiffRenderContext, failsGate, LEVEL_LABEL } from './diff-format.js';
import { byOperation } from './diff-text.js';

export function renderDiffJunit(result: DiffResult, ctx: DiffRenderContext): string {
  const suiteName = `driftgate diff ${ctx.baseFile} ${ctx.revisionFile}`;
  const cases: string[] = [];
  let failures = 0;
  for (const [operation, changes] of byOperation(result.changes)) {
    const failing = changes.filter((c) => failsGate(c.level, ctx.failOn));
    const name = operation ?? '(document)';
    const body: string[] = [];
    if (failing.length > 0) {
      failures++;
      const worst = failing[0]!.level;
      body.push(
        `      <failure type="${worst}" message="${attr(`${failing.length} change${failing.length === 1 ? '' : 's'} at or above ${ctx.failOn}`)}">${text(failing.map(line).join('\n'))}</failure>`,
      );
    }
    const rest = changes.filter((c) => !failsGate(c.level, ctx.failOn));
    if (rest.length > 0) body.push(`      <system-out>${text(rest.map(line).join('\n'))}</system-out>`);
    cases.push(
      body.length === 0
        ? `    <testcase classname="driftgate.diff" name="${attr(name)}"/>`
        : [`    <testcase classname="driftgate.diff" name="${attr(name)}">`, ...body, '    </testcase>'].join(
            '\n',
          ),
    );
  }
  if (cases.length === 0) cases.push('    <testcase classname="driftgate.diff" name="no changes"/>');
  const counts = `tests="${cases.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="driftgate diff" ${counts}>`,
    `  <testsuite name="${attr(suiteName)}" ${counts} skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function line(c: Change): string {
  return `[${LEVEL_LABEL[c.level]}] ${c.id}: ${c.message} (${c.location.revision ?? c.location.base ?? '#'})`;
}

/** Drops characters XML 1.0 cannot carry at all (§2.2), then escapes markup. */
function text(s: string): string {
  return stripInvalid(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value in double quotes; newlines and tabs as references so parsers keep them (§3.3.3). */
function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Replaces what XML 1.0 cannot carry (§2.2: C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates) with U+FFFD. */
function stripInvalid(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const next = s.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (
      (c < 0x20 && c !== 9 && c !== 10 && c !== 13) ||
      c === 0xfffe ||
      c === 0xffff ||
      (c >= 0xd800 && c <= 0xdfff)
    ) {
      out += '\ufffd';
    } else out += s[i]!;
  }
  return out;
}
