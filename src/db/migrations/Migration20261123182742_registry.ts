import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182742_registry extends Migration {

  override name = 'Migration20261123182742_registry';

  override up(): void | Promise<void> {
    this.addSql(`create table "reg_area" ("code" text not null, "name" text not null, "level" int not null, "parent" text null, primary key ("code"));`);
    this.addSql(`create index "reg_area_parent_index" on "reg_area" ("parent");`);

    this.addSql(`create table "reg_enrolment" ("id" serial primary key, "source" text not null, "programme_code" text not null, "household_id" int null, "individual_id" int null, "status" text not null, "enrolled_on" date not null, "exited_on" date null);`);
    this.addSql(`create index "reg_enrolment_household_id_index" on "reg_enrolment" ("household_id");`);
    this.addSql(`create index "reg_enrolment_individual_id_index" on "reg_enrolment" ("individual_id");`);
    this.addSql(`create index "reg_enrolment_programme_code_status_index" on "reg_enrolment" ("programme_code", "status");`);

    this.addSql(`create table "reg_grievance" ("id" serial primary key, "source" text not null, "key" text not null, "programme_code" text null, "category" text not null, "channel" text not null, "priority" text not null, "status" text not null, "opened_on" date not null, "closed_on" date null, "area_code" text not null);`);
    this.addSql(`alter table "reg_grievance" add constraint "reg_grievance_source_key_unique" unique ("source", "key");`);

    this.addSql(`create table "reg_household" ("id" serial primary key, "source" text not null, "key" text not null, "area_code" text not null);`);
    this.addSql(`create index "reg_household_area_code_index" on "reg_household" ("area_code");`);
    this.addSql(`alter table "reg_household" add constraint "reg_household_source_key_unique" unique ("source", "key");`);

    this.addSql(`create table "reg_household_change" ("id" serial primary key, "household_id" int not null, "kind" text not null, "on" date not null);`);
    this.addSql(`create index "reg_household_change_household_id_index" on "reg_household_change" ("household_id");`);

    this.addSql(`create table "reg_individual" ("id" serial primary key, "source" text not null, "key" text not null, "given_name" text not null, "family_name" text not null, "sex" text not null, "date_of_birth" date not null, "national_id_hash" text null, "phone" text null, "area_code" text not null);`);
    this.addSql(`create index "reg_individual_national_id_hash_index" on "reg_individual" ("national_id_hash");`);
    this.addSql(`create index "reg_individual_area_code_index" on "reg_individual" ("area_code");`);
    this.addSql(`alter table "reg_individual" add constraint "reg_individual_source_key_unique" unique ("source", "key");`);

    this.addSql(`create table "reg_membership" ("household_id" int not null, "individual_id" int not null, "role" text not null, "recipient" boolean not null, primary key ("household_id", "individual_id"));`);

    this.addSql(`create table "reg_personal_read" ("id" serial primary key, "read_at" timestamptz not null default now(), "subject" text not null, "roles" jsonb not null, "operation" text null, "query" text not null, "fields" jsonb not null, "individual_ids" jsonb not null);`);

    this.addSql(`create table "reg_payment" ("id" serial primary key, "source" text not null, "key" text not null, "programme_code" text not null, "cycle" text not null, "household_id" int null, "individual_id" int null, "amount" numeric not null, "currency" text not null, "due_date" date not null, "paid_date" date null, "status" text not null, "payment_point" text null, "provider" text null, "receipt" text null);`);
    this.addSql(`create index "reg_payment_household_id_index" on "reg_payment" ("household_id");`);
    this.addSql(`create index "reg_payment_individual_id_index" on "reg_payment" ("individual_id");`);
    this.addSql(`create index "reg_payment_programme_code_cycle_index" on "reg_payment" ("programme_code", "cycle");`);
    this.addSql(`alter table "reg_payment" add constraint "reg_payment_source_key_unique" unique ("source", "key");`);

    this.addSql(`create table "reg_programme" ("code" text not null, "source" text not null, "name" text not null, "targeting" text not null, "transfer_type" text not null, "currency" text not null, "ceiling_per_beneficiary" numeric null, "country" text not null, primary key ("code"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reg_area" cascade;`);
    this.addSql(`drop table if exists "reg_enrolment" cascade;`);
    this.addSql(`drop table if exists "reg_grievance" cascade;`);
    this.addSql(`drop table if exists "reg_household" cascade;`);
    this.addSql(`drop table if exists "reg_household_change" cascade;`);
    this.addSql(`drop table if exists "reg_individual" cascade;`);
    this.addSql(`drop table if exists "reg_membership" cascade;`);
    this.addSql(`drop table if exists "reg_personal_read" cascade;`);
    this.addSql(`drop table if exists "reg_payment" cascade;`);
    this.addSql(`drop table if exists "reg_programme" cascade;`);
  }

}
