// Picks the renderer for a `--format`; the table is exhaustive so a new format fails the build until rendered.
import type { DiffResult } from '../core/diff/result.js';
import type { DiffFormat, DiffRenderContext } from './diff-format.js';
import { renderDiffGithub } from './diff-github.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffJunit } from './diff-junit.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffSarif } from './diff-sarif.js';
import { renderDiffText } from './diff-text.js';

export const DIFF_RENDERERS = {
  text: renderDiffText,
  json: (result) => renderDiffJson(result),
  markdown: renderDiffMarkdown,
  junit: renderDiffJunit,
  sarif: renderDiffSarif,
  github: renderDiffGithub,
} as const satisfies Record<DiffFormat, (result: DiffResult, ctx: DiffRenderContext) => string>;

export function renderDiff(format: DiffFormat, result: DiffResult, ctx: DiffRenderContext): string {
  return DIFF_RENDERERS[format](result, ctx);
}
