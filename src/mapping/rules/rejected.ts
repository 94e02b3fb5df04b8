import type { MappingProblem } from '../types.js';

/** A change refused: every problem found, none of it stored. */
export class MappingRejected extends Error {
  readonly code = 'INVALID_MAPPING';

  constructor(
    readonly problems: readonly MappingProblem[],
    what = 'the mapping change',
  ) {
    super(
      `${what} was refused, nothing was changed (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.map((p) => p.message).join('\n  ')}`,
    );
  }
}
