import { Migration } from '@mikro-orm/migrations';

export class Migration20261123132612_aid_foundation extends Migration {

  override name = 'Migration20261123132612_aid_foundation';

  override up(): void | Promise<void> {
    this.addSql(`create table "aid_activity" ("id" serial primary key, "iati_identifier" text not null, "authoritative_report_id" int null, "authority_rule" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "aid_activity" add constraint "aid_activity_iati_identifier_unique" unique ("iati_identifier");`);

    this.addSql(`create table "aid_activity_report" ("id" serial primary key, "activity_id" int not null, "iati_identifier" text not null, "identifier_synthesized" boolean not null default false, "reporting_org_key" text not null, "reporting_org_ref" text null, "reporting_org_name" text null, "reporting_org_type" text null, "secondary_reporter" boolean not null default false, "reporting_org_is_funder" boolean not null default false, "iati_version" text not null, "version_source" text not null, "last_updated" timestamptz null, "content_hash" text not null, "source_file" text not null, "source_line" int not null, "import_run_id" int not null, "default_lang" text null, "default_currency" text null, "hierarchy" int null, "humanitarian" boolean null, "status" text null, "collaboration_type" text null, "default_flow_type" text null, "default_finance_type" text null, "default_tied_status" text null, "default_aid_types" json not null, "title" text null, "title_search" text not null default '', "titles" json not null, "descriptions" json not null, "planned_start" date null, "actual_start" date null, "planned_end" date null, "actual_end" date null, "start_date" date null, "end_date" date null, "capital_spend" numeric null, "conditions_attached" boolean null, "conditions" json not null, "warnings" json not null, "loaded_at" timestamptz not null default now());`);
    this.addSql(`create index "aid_activity_report_activity_id_index" on "aid_activity_report" ("activity_id");`);
    this.addSql(`create index "aid_activity_report_reporting_org_ref_index" on "aid_activity_report" ("reporting_org_ref");`);
    this.addSql(`alter table "aid_activity_report" add constraint "aid_activity_report_iati_identifier_reporting_org_key_unique" unique ("iati_identifier", "reporting_org_key");`);

    this.addSql(`create table "aid_authority_override" ("iati_identifier" text not null, "reporting_org_key" text not null, "reason" text not null, "set_by" text not null, "set_at" timestamptz not null default now(), primary key ("iati_identifier"));`);

    this.addSql(`create table "aid_budget" ("id" serial primary key, "report_id" int not null, "seq" int not null, "type" text null, "status" text null, "period_start" date not null, "period_end" date not null, "value" numeric not null, "currency" text not null, "value_date" date null);`);
    this.addSql(`create index "aid_budget_report_id_index" on "aid_budget" ("report_id");`);

    this.addSql(`create table "aid_codelist" ("name" text not null, "complete" boolean not null, "embedded" boolean not null, "category_codelist" text null, "source_file" text not null, "source_sha256" text not null, primary key ("name"));`);

    this.addSql(`create table "aid_codelist_item" ("codelist" text not null, "code" text not null, "name" text not null, "name_fr" text null, "category" text null, "withdrawn" boolean not null, primary key ("codelist", "code"));`);

    this.addSql(`create table "aid_country_budget_item" ("id" serial primary key, "report_id" int not null, "seq" int not null, "vocabulary" text not null, "code" text not null, "percentage" numeric null, "description" text null);`);
    this.addSql(`create index "aid_country_budget_item_report_id_index" on "aid_country_budget_item" ("report_id");`);

    this.addSql(`create table "import_run" ("id" serial primary key, "source" text not null, "input" text not null, "input_sha256" text null, "input_bytes" bigint null, "status" text not null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null, "duration_ms" int null, "seen" int not null default 0, "loaded" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "stale" int not null default 0, "quarantined" int not null default 0, "error_code" text null, "error_message" text null, "error_line" int null, "error_column" int null);`);
    this.addSql(`create index "import_run_source_index" on "import_run" ("source");`);
    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('running', 'succeeded', 'rejected'));`);

    this.addSql(`create table "aid_organisation" ("key" text not null, "ref" text null, "name" text null, "type" text null, "last_seen_at" timestamptz not null default now(), primary key ("key"));`);

    this.addSql(`create table "aid_participating_org" ("id" serial primary key, "report_id" int not null, "seq" int not null, "role" text null, "type" text null, "ref" text null, "name" text null, "org_key" text null, "activity_id" text null, "crs_channel_code" text null);`);
    this.addSql(`create index "aid_participating_org_report_id_index" on "aid_participating_org" ("report_id");`);
    this.addSql(`create index "aid_participating_org_org_key_index" on "aid_participating_org" ("org_key");`);

    this.addSql(`create table "aid_planned_disbursement" ("id" serial primary key, "report_id" int not null, "seq" int not null, "type" text null, "period_start" date not null, "period_end" date null, "value" numeric not null, "currency" text not null, "value_date" date null, "provider_ref" text null, "provider_name" text null, "provider_type" text null, "provider_activity_id" text null, "receiver_ref" text null, "receiver_name" text null, "receiver_type" text null, "receiver_activity_id" text null);`);
    this.addSql(`create index "aid_planned_disbursement_report_id_index" on "aid_planned_disbursement" ("report_id");`);

    this.addSql(`create table "import_quarantine" ("id" serial primary key, "import_run_id" int not null, "input" text not null, "line" int not null, "record_id" text null, "field" text not null, "code" text not null, "reason" text not null, "excerpt" text not null);`);
    this.addSql(`create index "import_quarantine_import_run_id_index" on "import_quarantine" ("import_run_id");`);
    this.addSql(`create index "import_quarantine_record_id_index" on "import_quarantine" ("record_id");`);

    this.addSql(`create table "aid_recipient_country" ("id" serial primary key, "report_id" int not null, "seq" int not null, "code" text not null, "percentage" numeric null);`);
    this.addSql(`create index "aid_recipient_country_report_id_index" on "aid_recipient_country" ("report_id");`);
    this.addSql(`create index "aid_recipient_country_code_index" on "aid_recipient_country" ("code");`);

    this.addSql(`create table "aid_recipient_region" ("id" serial primary key, "report_id" int not null, "seq" int not null, "vocabulary" text not null, "code" text not null, "percentage" numeric null);`);
    this.addSql(`create index "aid_recipient_region_report_id_index" on "aid_recipient_region" ("report_id");`);
    this.addSql(`create index "aid_recipient_region_code_index" on "aid_recipient_region" ("code");`);

    this.addSql(`create table "aid_related_activity" ("id" serial primary key, "report_id" int not null, "seq" int not null, "type" text null, "ref" text not null);`);
    this.addSql(`create index "aid_related_activity_report_id_index" on "aid_related_activity" ("report_id");`);

    this.addSql(`create table "aid_transaction" ("id" serial primary key, "report_id" int not null, "seq" int not null, "ref" text null, "type" text null, "type_original" text null, "date" date not null, "value" numeric not null, "currency" text not null, "value_date" date null, "description" text null, "provider_ref" text null, "provider_name" text null, "provider_type" text null, "provider_activity_id" text null, "provider_key" text null, "receiver_ref" text null, "receiver_name" text null, "receiver_type" text null, "receiver_activity_id" text null, "receiver_key" text null, "disbursement_channel" text null, "aid_types" json not null, "finance_type" text null, "flow_type" text null, "tied_status" text null, "humanitarian" boolean null, "recipient_country" text null, "recipient_region" text null);`);
    this.addSql(`create index "aid_transaction_provider_key_index" on "aid_transaction" ("provider_key");`);
    this.addSql(`create index "aid_transaction_receiver_key_index" on "aid_transaction" ("receiver_key");`);
    this.addSql(`create index "aid_transaction_type_date_index" on "aid_transaction" ("type", "date");`);
    this.addSql(`alter table "aid_transaction" add constraint "aid_transaction_report_id_seq_unique" unique ("report_id", "seq");`);

    this.addSql(`create table "aid_sector" ("id" serial primary key, "report_id" int not null, "transaction_id" int null, "seq" int not null, "vocabulary" text not null, "code" text not null, "percentage" numeric null, "name" text null);`);
    this.addSql(`create index "aid_sector_report_id_index" on "aid_sector" ("report_id");`);
    this.addSql(`create index "aid_sector_transaction_id_index" on "aid_sector" ("transaction_id");`);
    this.addSql(`create index "aid_sector_vocabulary_code_index" on "aid_sector" ("vocabulary", "code");`);

    this.addSql(`alter table "aid_activity" add constraint "aid_activity_authoritative_report_id_foreign" foreign key ("authoritative_report_id") references "aid_activity_report" ("id") on delete set null;`);

    this.addSql(`alter table "aid_activity_report" add constraint "aid_activity_report_activity_id_foreign" foreign key ("activity_id") references "aid_activity" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_budget" add constraint "aid_budget_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_country_budget_item" add constraint "aid_country_budget_item_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_participating_org" add constraint "aid_participating_org_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_planned_disbursement" add constraint "aid_planned_disbursement_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "import_quarantine" add constraint "import_quarantine_import_run_id_foreign" foreign key ("import_run_id") references "import_run" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_recipient_country" add constraint "aid_recipient_country_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_recipient_region" add constraint "aid_recipient_region_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_related_activity" add constraint "aid_related_activity_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_transaction" add constraint "aid_transaction_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);

    this.addSql(`alter table "aid_sector" add constraint "aid_sector_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`);
    this.addSql(`alter table "aid_sector" add constraint "aid_sector_transaction_id_foreign" foreign key ("transaction_id") references "aid_transaction" ("id") on delete cascade;`);
  }

}
