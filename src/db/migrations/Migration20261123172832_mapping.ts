import { Migration } from '@mikro-orm/migrations';

export class Migration20261123172832_mapping extends Migration {

  override name = 'Migration20261123172832_mapping';

  override up(): void | Promise<void> {
    this.addSql(`create table "map_alignment_override" ("iati_identifier" text not null, "dimension" text not null, "value" boolean not null, "reason" text not null, "changed_by" text not null, "changed_at" timestamptz not null default now(), primary key ("iati_identifier", "dimension"));`);

    this.addSql(`create table "map_alignment" ("id" serial primary key, "activity_id" int not null, "transaction_id" int null, "weighting" text null, "dimensions" jsonb not null);`);
    this.addSql(`create index "map_alignment_activity_id_index" on "map_alignment" ("activity_id");`);
    this.addSql(`create index "map_alignment_transaction_id_index" on "map_alignment" ("transaction_id");`);

    this.addSql(`create table "map_alignment_rule" ("id" text not null, "seq" int not null, "priority" int not null, "dimension" text not null, "condition" text not null, "value" boolean null, "reason" text not null, "origin" text not null, "changed_by" text not null, "changed_at" timestamptz not null default now(), primary key ("id"));`);

    this.addSql(`create table "map_applied" ("activity_id" int not null, "applied_at" timestamptz not null default now(), primary key ("activity_id"));`);

    this.addSql(`create table "map_assignment" ("id" serial primary key, "activity_id" int not null, "transaction_id" int null, "country" text null, "target_scheme" text not null, "target_code" text null, "share" numeric not null, "valid_from" int null, "valid_to" int null, "provenance" text not null, "rule_ids" jsonb not null, "source_scheme" text null, "source_code" text null);`);
    this.addSql(`create index "map_assignment_activity_id_index" on "map_assignment" ("activity_id");`);
    this.addSql(`create index "map_assignment_transaction_id_index" on "map_assignment" ("transaction_id");`);
    this.addSql(`create index "map_assignment_target_scheme_country_index" on "map_assignment" ("target_scheme", "country");`);

    this.addSql(`create table "map_change" ("id" serial primary key, "subject" text not null, "subject_key" text not null, "operation" text not null, "version" int null, "before" jsonb null, "after" jsonb null, "changed_by" text not null, "changed_at" timestamptz not null default now(), "reason" text not null, "batch" text null);`);
    this.addSql(`create index "map_change_subject_subject_key_index" on "map_change" ("subject", "subject_key");`);

    this.addSql(`create table "map_rule" ("id" serial primary key, "country" text null, "source_scheme" text not null, "source_code" text not null, "target_scheme" text not null, "target_code" text not null, "share" numeric not null, "valid_from" int null, "valid_to" int null, "status" text not null, "version" int not null, "origin" text not null, "changed_by" text not null, "changed_at" timestamptz not null default now(), "reason" text not null);`);
    this.addSql(`create index "map_rule_source_scheme_source_code_index" on "map_rule" ("source_scheme", "source_code");`);
    this.addSql(`create index "map_rule_country_target_scheme_target_code_index" on "map_rule" ("country", "target_scheme", "target_code");`);

    this.addSql(`create table "map_national_entity" ("country" text not null, "code" text not null, "name" text not null, "aliases" jsonb not null, "changed_by" text not null, "changed_at" timestamptz not null default now(), primary key ("country", "code"));`);

    this.addSql(`alter table "map_rule" add constraint "map_rule_status_check" check ("status" in ('active', 'retired'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "map_alignment_override" cascade;`);
    this.addSql(`drop table if exists "map_alignment" cascade;`);
    this.addSql(`drop table if exists "map_alignment_rule" cascade;`);
    this.addSql(`drop table if exists "map_applied" cascade;`);
    this.addSql(`drop table if exists "map_assignment" cascade;`);
    this.addSql(`drop table if exists "map_change" cascade;`);
    this.addSql(`drop table if exists "map_rule" cascade;`);
    this.addSql(`drop table if exists "map_national_entity" cascade;`);
  }

}
