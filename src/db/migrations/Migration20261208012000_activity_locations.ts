import { Migration } from '@mikro-orm/migrations';

/**
 * IATI `<location>`s of each activity report (aid_location). Reports imported before keep their
 * content hash when they have no location (see LATER_TABLES), so a re-import rewrites only the
 * reports that do, and fills this table for them.
 */
export class Migration20261208012000_activity_locations extends Migration {
  override name = 'Migration20261208012000_activity_locations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "aid_location" ("id" serial primary key, "report_id" int not null, "seq" int not null, "ref" text null, "reach" text null, "location_ids" json not null, "name" text null, "description" text null, "activity_description" text null, "administrative" json not null, "latitude" numeric null, "longitude" numeric null, "exactness" text null, "location_class" text null, "feature_designation" text null);`,
    );
    this.addSql(`create index "aid_location_report_id_index" on "aid_location" ("report_id");`);
    this.addSql(
      `alter table "aid_location" add constraint "aid_location_report_id_foreign" foreign key ("report_id") references "aid_activity_report" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "aid_location" cascade;`);
  }
}
