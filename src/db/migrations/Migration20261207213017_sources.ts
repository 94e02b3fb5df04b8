import { Migration } from '@mikro-orm/migrations';

/** Configured sources' runs (queued, retrying…) and what each source's inputs last were; import runs name their source run. */
export class Migration20261207213017_sources extends Migration {

  override name = 'Migration20261207213017_sources';

  override up(): void | Promise<void> {
    this.addSql(`create table "source_input" ("id" serial primary key, "source" text not null, "input" text not null, "etag" text null, "last_modified" text null, "listed_modified" text null, "sha256" text not null, "bytes" bigint not null, "import_run_id" int null, "checked_at" timestamptz not null default now());`);
    this.addSql(`alter table "source_input" add constraint "source_input_source_input_unique" unique ("source", "input");`);

    this.addSql(`create table "source_run" ("id" serial primary key, "source" text not null, "kind" text not null, "trigger" text not null, "requested_by" text null, "slot" text null, "status" text not null, "attempt" int not null default 0, "queued_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, "next_attempt_at" timestamptz null, "inputs" int not null default 0, "imported" int not null default 0, "unchanged" int not null default 0, "refused" int not null default 0, "changed_data" boolean not null default false, "error_code" text null, "error_message" text null);`);
    this.addSql(`create index "source_run_source_index" on "source_run" ("source");`);
    this.addSql(`alter table "source_run" add constraint "source_run_source_slot_unique" unique ("source", "slot");`);

    this.addSql(`alter table "import_run" add "source_run_id" int null;`);
    this.addSql(`create index "import_run_source_run_id_index" on "import_run" ("source_run_id");`);

    this.addSql(`alter table "source_run" add constraint "source_run_status_check" check ("status" in ('queued', 'retrying', 'running', 'succeeded', 'rejected', 'failed', 'interrupted'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "source_input" cascade;`);
    this.addSql(`drop table if exists "source_run" cascade;`);

    this.addSql(`drop index "import_run_source_run_id_index";`);
    this.addSql(`alter table "import_run" drop column "source_run_id";`);
  }

}
