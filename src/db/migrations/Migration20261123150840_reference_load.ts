import { Migration } from '@mikro-orm/migrations';

export class Migration20261123150840_reference_load extends Migration {

  override name = 'Migration20261123150840_reference_load';

  override up(): void | Promise<void> {
    this.addSql(`create table "reference_load" ("name" text not null, "fingerprint" text not null, "loaded_at" timestamptz not null default now(), primary key ("name"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reference_load" cascade;`);
  }

}
