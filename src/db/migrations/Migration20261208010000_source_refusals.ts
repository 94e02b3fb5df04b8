import { Migration } from '@mikro-orm/migrations';

/** The bytes of sources' inputs last refused, so the same refused bytes are not imported again every schedule. */
export class Migration20261208010000_source_refusals extends Migration {
  override name = 'Migration20261208010000_source_refusals';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "source_refusal" ("id" serial primary key, "source" text not null, "input" text not null, "sha256" text not null, "error_code" text not null, "error_message" text not null, "import_run_id" int not null, "refused_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "source_refusal" add constraint "source_refusal_source_input_unique" unique ("source", "input");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "source_refusal" cascade;`);
  }
}
