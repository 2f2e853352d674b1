// Writes docs/diff-checks.md from the check catalog: `npx tsx test/diff/gen-docs.ts`. A test keeps it in sync.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChecksDoc } from './checks-doc.js';

writeFileSync(join(import.meta.dirname, '../../docs/diff-checks.md'), renderChecksDoc());
