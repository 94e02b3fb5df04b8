import { describe, expect, it } from 'vitest';
import { IATI_IMPORT_NODE_FLAGS, IMPORT_NODE_FLAGS, importHeapFlags, needsImportHeap } from '../../src/cli/import-heap.js';

describe('which commands re-run under the import heap (decided before the program loads)', () => {
  it('the large-file imports, the exports and sync runs, whatever follows them', () => {
    expect(needsImportHeap(['import', 'iati', 'a.xml'])).toBe(true);
    expect(needsImportHeap(['export', 'budget', '--country', 'MW', '-o', 'a.xlsx'])).toBe(true);
    expect(needsImportHeap(['sync', 'run', 'donors'])).toBe(true);
    expect(needsImportHeap(['export', 'iati', '--country', 'MW', '-o', 'a.xml'])).toBe(true);
    expect(needsImportHeap(['import', 'budget', 'a.csv', '--map', 'x'])).toBe(true);
    expect(needsImportHeap(['import', 'iati', '--help'])).toBe(true);
  });

  it('no other command, nor a word that only looks like one', () => {
    for (const args of [
      [],
      ['import'],
      ['import', 'registry', 'x'],
      ['serve'],
      ['demo'],
      ['mappings', 'coverage'],
      ['export'],
      ['iati', 'import'],
      ['import', 'iati-x'],
    ])
      expect(needsImportHeap(args)).toBe(false);
  });

  it('the IATI import with its own flags (its main thread only writes), the others with the shared ones', () => {
    expect(importHeapFlags(['import', 'iati', 'a.xml'])).toBe(IATI_IMPORT_NODE_FLAGS);
    expect(importHeapFlags(['import', 'budget', 'a.csv'])).toBe(IMPORT_NODE_FLAGS);
    expect(importHeapFlags(['export', 'iati', '-o', 'a.xml'])).toBe(IMPORT_NODE_FLAGS);
    expect(importHeapFlags(['serve'])).toBeNull();
  });
});
