import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The IATI codelists, loaded from `mappings/iati-codelists/` so names can be joined in SQL. */
export const Codelist = defineEntity({
  name: 'Codelist',
  tableName: 'aid_codelist',
  properties: {
    name: p.text().primary(),
    complete: p.boolean(),
    embedded: p.boolean(),
    categoryCodelist: p.text().nullable(),
    sourceFile: p.text(),
    sourceSha256: p.text(),
  },
});
export type Codelist = InferEntity<typeof Codelist>;

export const CodelistItem = defineEntity({
  name: 'CodelistItem',
  tableName: 'aid_codelist_item',
  properties: {
    codelist: p.text().primary(),
    code: p.text().primary(),
    name: p.text(),
    nameFr: p.text().nullable(),
    category: p.text().nullable(),
    withdrawn: p.boolean(),
  },
});
export type CodelistItem = InferEntity<typeof CodelistItem>;
