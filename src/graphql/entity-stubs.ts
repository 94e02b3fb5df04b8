import { Directive, Field, ObjectType } from 'type-graphql';

/** Finance's chart code by its key: what a subgraph extending it receives. */
export interface CoaCodeKey {
  country: string;
  segment: string;
  code: string;
}

/**
 * Finance's chart code as a subgraph that extends it declares it: its key and nothing else, defined
 * once so the key cannot drift between mapping (the aid and transactions placed under it) and the
 * registry (the programmes it funds). Each call makes a class of its own: type-graphql gives a
 * class every field resolver written for it, whichever subgraph's schema is built, so one class
 * shared by two subgraphs would carry mapping's fields into the registry's schema (and the
 * registry's into mapping's).
 */
export function coaCodeStub(): new () => CoaCodeKey {
  @Directive('@key(fields: "country segment code")')
  @ObjectType('CoaCode')
  class CoaCode implements CoaCodeKey {
    @Field(() => String)
    country!: string;

    @Field(() => String)
    code!: string;

    @Field(() => String)
    segment!: string;
  }
  return CoaCode;
}
