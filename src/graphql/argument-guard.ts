import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { isCalendarDay } from './scalars.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Text a client sends, checked before any subgraph sees it, so a bad value is the client's
 * BAD_USER_INPUT naming the argument, never a database error surfacing as INTERNAL_SERVER_ERROR:
 * no NUL character (PostgreSQL text cannot hold one), no text longer than the limit, and a `Date`
 * that is a day of the calendar (2025-02-30 is not). Literals are checked as the document is
 * validated; variables against their declared types before execution.
 */
export interface TextLimits {
  /** Longest text in a query's arguments. */
  readonly queryChars: number;
  /** Longest text in a mutation's arguments (a pasted CSV sheet of rules). */
  readonly mutationChars: number;
}

/** Why `text` cannot be a value of `typeName`, or null when it can. */
function textProblem(text: string, typeName: string, maxChars: number): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (text.length > maxChars) return `is ${text.length} characters long; at most ${maxChars} are accepted`;
  if (typeName === 'Date' && !(DATE.test(text) && isCalendarDay(text)))
    return `is not a calendar date as YYYY-MM-DD (${JSON.stringify(text.slice(0, 20))})`;
  return null;
}

function badArgument(where: string, problem: string): GraphQLError {
  return new GraphQLError(`${where} ${problem}`, { extensions: { code: 'BAD_USER_INPUT', argument: where } });
}

function maxFor(operation: OperationDefinitionNode | null | undefined, limits: TextLimits): number {
  return operation?.operation === 'mutation' ? limits.mutationChars : limits.queryChars;
}

/** The validation rule for literals: `argument date of fiscalPeriod`, `argument filter.search of activities`. */
export function textArgumentsRule(limits: TextLimits): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let operation: OperationDefinitionNode | null = null;
    const inputPath: string[] = [];
    return {
      OperationDefinition: { enter: (node) => void (operation = node) },
      Argument: { enter: (node) => void inputPath.splice(0, inputPath.length, node.name.value) },
      ObjectField: { enter: (node) => void inputPath.push(node.name.value), leave: () => void inputPath.pop() },
      StringValue(node) {
        const type = context.getInputType();
        if (!type) return;
        const problem = textProblem(node.value, getNamedType(type).name, maxFor(operation, limits));
        if (problem === null) return;
        const field = context.getFieldDef()?.name;
        const parent = context.getParentType()?.name;
        context.reportError(
          badArgument(`argument ${inputPath.join('.')}${field ? ` of ${parent ? `${parent}.` : ''}${field}` : ''}`, problem),
        );
      },
    };
  };
}

function checkValue(value: unknown, type: GraphQLInputType, where: string, maxChars: number): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return checkValue(value, inner.ofType, where, maxChars);
    for (const [index, item] of value.entries()) {
      const error = checkValue(item, inner.ofType, `${where}[${index}]`, maxChars);
      if (error) return error;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return null;
    for (const [name, field] of Object.entries(inner.getFields())) {
      const error = checkValue((value as Record<string, unknown>)[name], field.type, `${where}.${name}`, maxChars);
      if (error) return error;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  const problem = textProblem(value, inner.name, maxChars);
  return problem === null ? null : badArgument(where, problem);
}

/** The same checks for the variables of the operation about to run: `variable $from`. */
export function checkVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  limits: TextLimits,
): GraphQLError | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operations.find((o) => (operationName ? o.name?.value === operationName : true));
  for (const definition of operation?.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const name = definition.variable.name.value;
    const error = checkValue(variables?.[name], type, `variable $${name}`, maxFor(operation, limits));
    if (error) return error;
  }
  return null;
}
