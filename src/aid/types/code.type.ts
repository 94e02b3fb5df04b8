import { Field, ObjectType } from 'type-graphql';

/** A coded value and the codelist it belongs to; its name is looked up in the IATI codelists. */
@ObjectType({ simpleResolvers: true, description: 'A code from an IATI codelist, with its name.' })
export class Code {
  @Field(() => String)
  code!: string;

  @Field(() => String, { description: 'The codelist, e.g. "TransactionType".' })
  codelist!: string;
}

export function codeOf(codelist: string, code: string | null | undefined): Code | null {
  return code ? { codelist, code } : null;
}

@ObjectType({ simpleResolvers: true, description: 'Text in one language.' })
export class Narrative {
  @Field(() => String, { nullable: true, description: 'ISO 639-1 language code, when the publisher gave one.' })
  lang!: string | null;

  @Field(() => String)
  text!: string;
}

@ObjectType({ simpleResolvers: true })
export class Description {
  @Field(() => Code, { nullable: true })
  type!: Code | null;

  @Field(() => [Narrative])
  narratives!: Narrative[];
}

@ObjectType({ simpleResolvers: true, description: 'A problem found on import that did not stop the record from loading.' })
export class ImportWarning {
  @Field(() => String)
  code!: string;

  @Field(() => String, { description: 'Where in the record, e.g. "transaction[3]/transaction-type/@code".' })
  field!: string;

  @Field(() => String)
  message!: string;
}
