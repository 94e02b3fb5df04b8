import { Migration } from '@mikro-orm/migrations';

/** The record of backups written and restores made (sync_backup), which backups themselves leave out. */
export class Migration20261207230000_backups extends Migration {
  override name = 'Migration20261207230000_backups';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sync_backup" ("id" serial primary key, "kind" text check ("kind" in ('backup', 'restore')) not null, "status" text check ("status" in ('succeeded', 'failed')) not null, "file" text not null, "bytes" bigint null, "sha256" text null, "tables" int null, "rows" bigint null, "started_at" timestamptz not null, "finished_at" timestamptz not null default now(), "error_message" text null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sync_backup" cascade;`);
  }
}
