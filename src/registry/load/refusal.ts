import { describeRegistryProblem } from '../../../connectors/registry/problems.js';
import type { RegistryProblem } from '../../../connectors/registry/types.js';
import { TributaryError } from '../../errors.js';

/** Why a registry input was not loaded: every problem, one a line, and where the first one is. */
export function registryRefusal(input: string, problems: readonly RegistryProblem[]): TributaryError {
  const first = problems[0]!;
  return new TributaryError(
    'BAD_USER_INPUT',
    `${input} was not loaded: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.map(describeRegistryProblem).join('\n  ')}`,
    {
      file: first.file,
      ...(first.row === null ? {} : { line: first.row }),
      ...(first.record ? { record: first.record, recordType: 'record' } : {}),
      field: first.field,
    },
  );
}
