import { shippedCodelists } from '../../../connectors/iati/codelists.js';
import type { CodeRef } from '../../../connectors/iati/types.js';

/**
 * Codes as IATI 2.03 accepts them. The hub keeps 1.0x activities' codes as published, some of
 * them outside today's codelists (collaboration-type 5…); a 2.03 reader — the hub's own importer
 * among them — quarantines an activity for such a code, so the export leaves the code out instead
 * (and with it an optional element; an element the schema requires is handled by the caller).
 */
export class CodeFilter {
  private readonly codelists = shippedCodelists();
  /** Codes left out so far. */
  dropped = 0;

  /** The code when the codelist has it (withdrawn too, in any letter case), else null. Null stays null. */
  code(list: string, value: string | null): string | null {
    if (value === null || value === '') return value === '' ? null : value;
    if (this.codelists.membership(list, value) !== 'unknown' || this.codelists.caseInsensitiveMatch(list, value)) return value;
    this.dropped += 1;
    return null;
  }

  /** A vocabulary-coded item: its vocabulary known, and its code known where the vocabulary has an IATI codelist. */
  item(vocabularyList: string, lists: Readonly<Record<string, string>>, item: CodeRef): boolean {
    if (this.code(vocabularyList, item.vocabulary) === null) return false;
    const list = lists[item.vocabulary];
    return list === undefined || this.code(list, item.code) !== null;
  }
}
