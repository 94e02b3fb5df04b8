import { Migration } from '@mikro-orm/migrations';

/**
 * The scheduled backup, run like a source: its row is claimed `running` for a schedule's tick
 * (`slot`, unique, so two schedulers make one backup), ended `succeeded` or `failed`, or swept
 * `interrupted` when its process died; a running backup has not finished.
 */
export class Migration20261208011000_scheduled_backups extends Migration {
  override name = 'Migration20261208011000_scheduled_backups';

  override up(): void | Promise<void> {
    this.addSql(`alter table "sync_backup" add column "slot" text null;`);
    this.addSql(`alter table "sync_backup" add constraint "sync_backup_slot_unique" unique ("slot");`);
    this.addSql(`alter table "sync_backup" drop constraint if exists "sync_backup_status_check";`);
    this.addSql(
      `alter table "sync_backup" add constraint "sync_backup_status_check" check ("status" in ('running', 'succeeded', 'failed', 'interrupted'));`,
    );
    this.addSql(`alter table "sync_backup" alter column "finished_at" drop default, alter column "finished_at" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "sync_backup" set "status" = 'failed', "finished_at" = coalesce("finished_at", now()) where "status" in ('running', 'interrupted');`);
    this.addSql(`alter table "sync_backup" alter column "finished_at" set default now(), alter column "finished_at" set not null;`);
    this.addSql(`alter table "sync_backup" drop constraint if exists "sync_backup_status_check";`);
    this.addSql(`alter table "sync_backup" add constraint "sync_backup_status_check" check ("status" in ('succeeded', 'failed'));`);
    this.addSql(`alter table "sync_backup" drop constraint if exists "sync_backup_slot_unique";`);
    this.addSql(`alter table "sync_backup" drop column "slot";`);
  }
}
