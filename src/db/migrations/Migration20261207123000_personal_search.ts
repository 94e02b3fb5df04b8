import { Migration } from '@mikro-orm/migrations';

/** The audit log of personal reads records what a search by a personal attribute looked for. */
export class Migration20261207123000_personal_search extends Migration {
  override name = 'Migration20261207123000_personal_search';

  override up(): void | Promise<void> {
    this.addSql(`alter table "reg_personal_read" add column "search" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "reg_personal_read" drop column "search";`);
  }
}
