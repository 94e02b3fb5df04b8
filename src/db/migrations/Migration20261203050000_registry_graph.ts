import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log of personal reads names records of any type (people, households), not only people;
 * pulls from registry APIs remember where they got to; programmes say who funds them.
 */
export class Migration20261203050000_registry_graph extends Migration {
  override name = 'Migration20261203050000_registry_graph';

  override up(): void | Promise<void> {
    this.addSql(`alter table "reg_personal_read" drop column "individual_ids";`);
    this.addSql(`alter table "reg_personal_read" add column "records" jsonb not null default '{}';`);
    this.addSql(`create index "reg_personal_read_subject_index" on "reg_personal_read" ("subject");`);
    this.addSql(`create table "reg_programme_funding" ("programme_code" text not null, "kind" text not null, "reference" text not null, "funder" text null, "share" numeric null, primary key ("programme_code", "kind", "reference"));`);
    this.addSql(`create table "reg_source_sync" ("source" text not null, "watermark" text null, "pulled_at" timestamptz not null, primary key ("source"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reg_source_sync" cascade;`);
    this.addSql(`drop table if exists "reg_programme_funding" cascade;`);
    this.addSql(`drop index if exists "reg_personal_read_subject_index";`);
    this.addSql(`alter table "reg_personal_read" drop column "records";`);
    this.addSql(`alter table "reg_personal_read" add column "individual_ids" jsonb not null default '[]';`);
  }
}
