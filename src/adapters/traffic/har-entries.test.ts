import { describe, expect, it } from 'vitest';
import { HarEntryScanner } from './har-entries.js';

const entries = [
  { request: { method: 'GET', url: '/a' }, note: 'braces } { and "quotes" \\" inside' },
  { request: { method: 'POST', url: '/b', postData: { text: '{"x":[1,2,{"y":"]"}]}' } } },
  { request: { method: 'GET', url: '/c' }, nested: { entries: [{ not: 'an entry' }] } },
];
const har = JSON.stringify(
  { log: { version: '1.2', creator: { name: 't', entries: [{ decoy: true }] }, entries, pages: [] } },
  null,
  1,
);

function scan(text: string, size: number) {
  const s = new HarEntryScanner();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  return { out, sawEntries: s.sawEntries };
}

describe('HarEntryScanner', () => {
  it('yields exactly the log.entries elements, whatever the chunk size', () => {
    for (const size of [1, 2, 3, 5, 7, 64, har.length]) {
      const { out, sawEntries } = scan(har, size);
      expect(sawEntries).toBe(true);
      expect(out.map((e) => JSON.parse(e.text))).toEqual(entries);
      expect(out.map((e) => e.index)).toEqual([0, 1, 2]);
    }
  });

  it('reports the line each entry starts on', () => {
    const text = '{"log": {"entries": [\n{"a": 1},\n\n{"b": 2}]}}';
    expect(scan(text, 4).out.map((e) => e.line)).toEqual([2, 4]);
  });

  it('notices a document without log.entries', () => {
    expect(scan('{"entries": [{"a": 1}]}', 3)).toEqual({ out: [], sawEntries: false });
  });
});
