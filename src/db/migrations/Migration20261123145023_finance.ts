import { Migration } from '@mikro-orm/migrations';

export class Migration20261123145023_finance extends Migration {

  override name = 'Migration20261123145023_finance';

  override up(): void | Promise<void> {
    this.addSql(`create table "fin_budget_dataset" ("id" serial primary key, "country" text not null, "name" text not null, "fiscal_year" text not null, "currency" text not null, "input" text not null, "import_run_id" int not null, "loaded_at" timestamptz not null default now());`);
    this.addSql(`alter table "fin_budget_dataset" add constraint "fin_budget_dataset_country_name_fiscal_year_unique" unique ("country", "name", "fiscal_year");`);

    this.addSql(`create table "fin_budget_line" ("id" serial primary key, "dataset_id" int not null, "country" text not null, "fiscal_year" text not null, "line_key" text not null, "codes" jsonb not null, "currency" text not null, "proposed" numeric null, "approved" numeric null, "revised" numeric null, "allotted" numeric null, "committed" numeric null, "paid" numeric null, "source_row" int not null);`);
    this.addSql(`create index "fin_budget_line_country_fiscal_year_index" on "fin_budget_line" ("country", "fiscal_year");`);
    this.addSql(`alter table "fin_budget_line" add constraint "fin_budget_line_dataset_id_line_key_unique" unique ("dataset_id", "line_key");`);

    this.addSql(`create table "fin_coa_ancestor" ("country" text not null, "segment" text not null, "code" text not null, "ancestor" text not null, "ancestor_level" int not null, primary key ("country", "segment", "code", "ancestor"));`);
    this.addSql(`create index "fin_coa_ancestor_country_segment_ancestor_level_code_index" on "fin_coa_ancestor" ("country", "segment", "ancestor_level", "code");`);

    this.addSql(`create table "fin_coa_code" ("country" text not null, "segment" text not null, "code" text not null, "parent" text null, "level" int not null, "name" text not null, "name_en" text null, "name_fr" text null, "name_es" text null, primary key ("country", "segment", "code"));`);
    this.addSql(`create index "fin_coa_code_country_segment_parent_index" on "fin_coa_code" ("country", "segment", "parent");`);

    this.addSql(`create table "fin_coa_segment" ("country" text not null, "segment" text not null, "seq" int not null, "kind" text not null, "name" text not null, "levels" jsonb not null, "classification" text null, "open" boolean not null default false, primary key ("country", "segment"));`);

    this.addSql(`create table "fin_exchange_rate" ("id" serial primary key, "source" text not null, "currency" text not null, "quote" text not null, "period" text not null, "date" date not null, "rate" numeric not null, "import_run_id" int not null);`);
    this.addSql(`create index "fin_exchange_rate_currency_date_index" on "fin_exchange_rate" ("currency", "date");`);
    this.addSql(`alter table "fin_exchange_rate" add constraint "fin_exchange_rate_source_currency_quote_period_date_unique" unique ("source", "currency", "quote", "period", "date");`);

    this.addSql(`create table "fin_country" ("country" text not null, "name" text not null, "currency" text not null, "fiscal_year_start_month" int not null, "fiscal_year_label" text null, "source" text null, primary key ("country"));`);

    this.addSql(`create table "fin_loan" ("id" serial primary key, "source" text not null, "loan_number" text not null, "creditor" text not null, "creditor_category" text null, "instrument" text not null, "country" text not null, "borrower" text null, "guarantor" text null, "project_id" text null, "project_name" text null, "status_text" text null, "status" text not null, "currency" text not null, "committed" numeric null, "disbursed" numeric null, "undisbursed" numeric null, "cancelled" numeric null, "repaid" numeric null, "outstanding" numeric null, "interest_rate" numeric null, "interest_type" text null, "signing_date" date null, "approval_date" date null, "effective_date" date null, "closing_date" date null, "first_repayment_date" date null, "last_repayment_date" date null, "as_of" date null, "terms" json not null, "content_hash" text not null, "import_run_id" int not null, "source_file" text not null, "source_row" int not null);`);
    this.addSql(`create index "fin_loan_project_id_index" on "fin_loan" ("project_id");`);
    this.addSql(`create index "fin_loan_country_index" on "fin_loan" ("country");`);
    this.addSql(`alter table "fin_loan" add constraint "fin_loan_source_loan_number_unique" unique ("source", "loan_number");`);

    this.addSql(`create table "fin_loan_activity_link" ("id" serial primary key, "loan_id" int not null, "iati_identifier" text not null, "reason" text not null, "created_by" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "fin_loan_activity_link_loan_id_index" on "fin_loan_activity_link" ("loan_id");`);
    this.addSql(`create index "fin_loan_activity_link_iati_identifier_index" on "fin_loan_activity_link" ("iati_identifier");`);
    this.addSql(`alter table "fin_loan_activity_link" add constraint "fin_loan_activity_link_loan_id_iati_identifier_unique" unique ("loan_id", "iati_identifier");`);

    this.addSql(`create table "fin_loan_flow" ("id" serial primary key, "loan_id" int not null, "seq" int not null, "type" text not null, "date" date not null, "amount" numeric not null, "currency" text not null, "amount_usd" numeric null, "reference" text null, "scheduled" boolean not null default false);`);
    this.addSql(`create index "fin_loan_flow_loan_id_date_index" on "fin_loan_flow" ("loan_id", "date");`);

    this.addSql(`alter table "import_run" add "removed" int not null default 0;`);

    this.addSql(`alter table "fin_budget_line" add constraint "fin_budget_line_dataset_id_foreign" foreign key ("dataset_id") references "fin_budget_dataset" ("id") on delete cascade;`);

    this.addSql(`alter table "fin_exchange_rate" add constraint "fin_exchange_rate_period_check" check ("period" in ('day', 'month'));`);

    this.addSql(`alter table "fin_loan_activity_link" add constraint "fin_loan_activity_link_loan_id_foreign" foreign key ("loan_id") references "fin_loan" ("id") on delete cascade;`);

    this.addSql(`alter table "fin_loan_flow" add constraint "fin_loan_flow_loan_id_foreign" foreign key ("loan_id") references "fin_loan" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "fin_budget_line" drop constraint "fin_budget_line_dataset_id_foreign";`);
    this.addSql(`alter table "fin_loan_activity_link" drop constraint "fin_loan_activity_link_loan_id_foreign";`);
    this.addSql(`alter table "fin_loan_flow" drop constraint "fin_loan_flow_loan_id_foreign";`);

    this.addSql(`drop table if exists "fin_budget_dataset" cascade;`);
    this.addSql(`drop table if exists "fin_budget_line" cascade;`);
    this.addSql(`drop table if exists "fin_coa_ancestor" cascade;`);
    this.addSql(`drop table if exists "fin_coa_code" cascade;`);
    this.addSql(`drop table if exists "fin_coa_segment" cascade;`);
    this.addSql(`drop table if exists "fin_exchange_rate" cascade;`);
    this.addSql(`drop table if exists "fin_country" cascade;`);
    this.addSql(`drop table if exists "fin_loan" cascade;`);
    this.addSql(`drop table if exists "fin_loan_activity_link" cascade;`);
    this.addSql(`drop table if exists "fin_loan_flow" cascade;`);

    this.addSql(`alter table "import_run" drop column "removed";`);
  }

}
