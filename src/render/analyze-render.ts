// One entry point for the analyze presenters.
import type { AnalysisView } from './analyze-json.js';
import { renderAnalysisJson } from './analyze-json.js';
import { renderAnalysisMarkdown, renderAnalysisText } from './analyze-text.js';

export const ANALYZE_FORMATS = ['text', 'json', 'markdown'] as const;
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number];

export function renderAnalysis(format: AnalyzeFormat, a: AnalysisView): string {
  switch (format) {
    case 'json':
      return renderAnalysisJson(a);
    case 'markdown':
      return renderAnalysisMarkdown(a);
    case 'text':
      return renderAnalysisText(a);
  }
}
