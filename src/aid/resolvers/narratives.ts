import type { Narrative } from '../../../connectors/iati/types.js';

/** The narrative in `lang` (case-insensitive), if there is one. */
export function preferNarrative(narratives: readonly Narrative[], lang: string): string | null {
  const wanted = lang.toLowerCase();
  return narratives.find((n) => n.lang?.toLowerCase() === wanted)?.text ?? null;
}
