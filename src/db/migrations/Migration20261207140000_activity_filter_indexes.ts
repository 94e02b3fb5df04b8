import { Migration } from '@mikro-orm/migrations';

/**
 * An index for each documented activity filter that had none: recipient country and region at
 * transaction level, reporting organisation, status, the two activity-window dates (as the
 * filter computes them), and the join from a matching report to the activity it is shown for.
 * Title search gets a trigram index where the server offers pg_trgm (PostgreSQL; not the
 * embedded database, where it stays a scan of the reports).
 */
export class Migration20261207140000_activity_filter_indexes extends Migration {
  override name = 'Migration20261207140000_activity_filter_indexes';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "aid_transaction_recipient_country_index" on "aid_transaction" ("recipient_country", "report_id") where "recipient_country" is not null;`,
    );
    this.addSql(
      `create index "aid_transaction_recipient_region_index" on "aid_transaction" ("recipient_region", "report_id") where "recipient_region" is not null;`,
    );
    this.addSql(`create index "aid_activity_report_reporting_org_key_index" on "aid_activity_report" ("reporting_org_key");`);
    this.addSql(`create index "aid_activity_report_status_index" on "aid_activity_report" ("status");`);
    this.addSql(`create index "aid_activity_report_active_from_index" on "aid_activity_report" ((coalesce("end_date", "start_date")));`);
    this.addSql(`create index "aid_activity_report_active_to_index" on "aid_activity_report" ((coalesce("start_date", "end_date")));`);
    this.addSql(`create index "aid_activity_authoritative_report_id_index" on "aid_activity" ("authoritative_report_id");`);
    this.addSql(`do $$
      declare opclass_schema text;
      begin
        create extension if not exists pg_trgm schema public;
        select n.nspname into opclass_schema from pg_opclass c join pg_namespace n on n.oid = c.opcnamespace where c.opcname = 'gin_trgm_ops' limit 1;
        execute format('create index "aid_activity_report_title_search_index" on "aid_activity_report" using gin ("title_search" %I.gin_trgm_ops)', opclass_schema);
      exception when others then
        raise notice 'no trigram index for title search: %', sqlerrm;
      end $$;`);
  }

  override down(): void | Promise<void> {
    for (const index of [
      'aid_transaction_recipient_country_index',
      'aid_transaction_recipient_region_index',
      'aid_activity_report_reporting_org_key_index',
      'aid_activity_report_status_index',
      'aid_activity_report_active_from_index',
      'aid_activity_report_active_to_index',
      'aid_activity_authoritative_report_id_index',
      'aid_activity_report_title_search_index',
    ]) {
      this.addSql(`drop index if exists "${index}";`);
    }
  }
}
