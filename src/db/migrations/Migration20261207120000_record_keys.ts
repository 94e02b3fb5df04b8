import { Migration } from '@mikro-orm/migrations';

/**
 * Every registry record that statistics count carries a random record key (the cell key method):
 * a cell's noise is a function of the sum of its records' keys, so the same records always get the
 * same noise. A payment has a second key for its amount. The key is drawn by the database when the
 * row is first inserted; an upsert of the same record keeps its row, so a re-import keeps the key.
 */
const TABLES = ['reg_individual', 'reg_household', 'reg_payment', 'reg_grievance', 'reg_household_change'];
const RANDOM_KEY = `floor(random() * 1048576)::int`;

export class Migration20261207120000_record_keys extends Migration {
  override name = 'Migration20261207120000_record_keys';

  override up(): void | Promise<void> {
    for (const table of TABLES) this.addSql(`alter table "${table}" add column "record_key" int not null default ${RANDOM_KEY};`);
    this.addSql(`alter table "reg_payment" add column "amount_key" int not null default ${RANDOM_KEY};`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "reg_payment" drop column "amount_key";`);
    for (const table of TABLES) this.addSql(`alter table "${table}" drop column "record_key";`);
  }
}
