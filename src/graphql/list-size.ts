import { Kind, visit, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type TypeNode } from 'graphql';

/**
 * Marks every paged field with the federation `@listSize` directive, so the gateway's demand
 * control multiplies the cost of what is selected under it by the page asked for: a connection
 * (`first`/`last`) sizes its `nodes` and `edges`, a list with a `limit` argument sizes itself.
 * Done here, once, from the field's arguments, instead of by hand on every resolver.
 */
const PAGE_ARGUMENTS = ['first', 'last'];

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isList(type: TypeNode): boolean {
  if (type.kind === Kind.NON_NULL_TYPE) return isList(type.type);
  return type.kind === Kind.LIST_TYPE;
}

function listSize(args: Record<string, readonly string[] | boolean>): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'listSize' },
    arguments: Object.entries(args).map(([name, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: name },
      value:
        typeof value === 'boolean'
          ? { kind: Kind.BOOLEAN, value }
          : { kind: Kind.LIST, values: value.map((v) => ({ kind: Kind.STRING, value: v })) },
    })),
  };
}

function sizing(field: FieldDefinitionNode): ConstDirectiveNode | null {
  const argumentNames = (field.arguments ?? []).map((argument) => argument.name.value);
  if (PAGE_ARGUMENTS.every((name) => argumentNames.includes(name)) && namedType(field.type).endsWith('Connection')) {
    // `first` and `last` together are refused by the resolver; the cost takes the larger.
    return listSize({ slicingArguments: PAGE_ARGUMENTS, sizedFields: ['nodes', 'edges'], requireOneSlicingArgument: false });
  }
  if (argumentNames.includes('limit') && isList(field.type)) return listSize({ slicingArguments: ['limit'] });
  return null;
}

export function withListSizes(document: DocumentNode): DocumentNode {
  return visit(document, {
    FieldDefinition(field) {
      const directive = sizing(field);
      return directive ? { ...field, directives: [...(field.directives ?? []), directive] } : undefined;
    },
  });
}
