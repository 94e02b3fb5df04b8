import { Migration } from '@mikro-orm/migrations';

/**
 * Charts of accounts become data loaded by `tributary coa load`: each chart has an origin and a
 * version, codes may carry an alias and a COFOG link or be retired, and every version is kept.
 * The charts loaded so far came from mappings/coa/ (origin `reference`, version 1). Budget lines
 * gain two stages: commitment authority (AE) and verified (liquidated).
 */
export class Migration20261207190000_coa_versions extends Migration {
  override name = 'Migration20261207190000_coa_versions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "fin_country" add column "origin" text not null default 'reference', add column "version" int not null default 1;`);
    this.addSql(
      `alter table "fin_coa_code" add column "alias" text null, add column "cofog" text null, add column "retired" boolean not null default false;`,
    );
    this.addSql(`alter table "fin_budget_line" add column "commitment_authority" numeric null, add column "verified" numeric null;`);
    this.addSql(
      `create table "fin_coa_version" ("country" text not null, "version" int not null, "fingerprint" text not null, "origin" text not null, "input" text not null, "loaded_by" text not null, "loaded_at" timestamptz not null default now(), "added" int not null, "changed" int not null, "retired_codes" jsonb not null, primary key ("country", "version"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "fin_coa_version" cascade;`);
    this.addSql(`alter table "fin_budget_line" drop column "commitment_authority", drop column "verified";`);
    this.addSql(`alter table "fin_coa_code" drop column "alias", drop column "cofog", drop column "retired";`);
    this.addSql(`alter table "fin_country" drop column "origin", drop column "version";`);
  }
}
