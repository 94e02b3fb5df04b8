import { Migration } from '@mikro-orm/migrations';

/** Import runs can also end `failed` (the hub, not the input) or `interrupted` (stopped or killed). */
export class Migration20261207122500_run_states extends Migration {
  override name = 'Migration20261207122500_run_states';

  override up(): void | Promise<void> {
    this.addSql(`alter table "import_run" drop constraint if exists "import_run_status_check";`);
    this.addSql(
      `alter table "import_run" add constraint "import_run_status_check" check ("status" in ('running', 'succeeded', 'rejected', 'failed', 'interrupted'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`update "import_run" set "status" = 'rejected' where "status" in ('failed', 'interrupted');`);
    this.addSql(`alter table "import_run" drop constraint if exists "import_run_status_check";`);
    this.addSql(`alter table "import_run" add constraint "import_run_status_check" check ("status" in ('running', 'succeeded', 'rejected'));`);
  }
}
