import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields a query selects below the resolving field, along `path` (e.g. `['nodes']` of a
 * connection), through fragments and inline fragments. `@skip`/`@include` are not evaluated: a
 * field that may be skipped counts as selected, so a statement never reads too little.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let level = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info));
  for (const name of path) {
    level = level.filter((field) => field.name.value === name).flatMap((field) => fieldsOf(field.selectionSet, info));
  }
  return level;
}

function fieldsOf(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...fieldsOf(selection.selectionSet, info));
    else fields.push(...fieldsOf(info.fragments[selection.name.value]?.selectionSet, info));
  }
  return fields;
}
