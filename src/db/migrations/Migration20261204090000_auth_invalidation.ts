import { Migration } from '@mikro-orm/migrations';

/**
 * Change notices for the in-process authentication cache (src/auth/AuthCache.ts): triggers that
 * `pg_notify('auth_invalidate', …)` whenever something a cached verification depends on changes,
 * so that every server process on the database evicts it within moments of the commit.
 *
 * Triggers rather than calls in the application code, because they catch every path that changes
 * these rows: GraphQL mutations, the OAuth2 endpoints, refresh-token family revocation, the
 * `manage` commands, cascades, and an operator's hand-written SQL.
 *
 * Payloads: `token:<checksum>,…` and `session:<checksum>,…` for rows inserted, updated or
 * deleted (inserts too, so that a checksum remembered as unknown works at once); `user:<id>` and
 * `application:<id>` when a column the cache holds changes or the row goes; `all` for a truncate
 * or a statement touching more rows than one notice can name (a payload holds under 8000 bytes).
 */

const CHANNEL = 'auth_invalidate';

/** More checksums than this in one statement and the notice just says `all`. */
const MAX_NAMED = 100;

const credentialsFunction = `
create or replace function auth_invalidate_credentials() returns trigger
language plpgsql as $$
declare
  touched bigint;
  names text;
begin
  if tg_op = 'INSERT' then
    select count(*) into touched from new_rows;
  else
    select count(*) into touched from old_rows;
  end if;
  if touched = 0 then
    return null;
  end if;
  if touched > ${MAX_NAMED} then
    perform pg_notify('${CHANNEL}', 'all');
    return null;
  end if;

  if tg_op = 'INSERT' then
    select string_agg(checksum::text, ',') into names from new_rows;
  elsif tg_op = 'DELETE' then
    select string_agg(checksum::text, ',') into names from old_rows;
  else
    select string_agg(c::text, ',') into names
      from (select checksum as c from old_rows union select checksum from new_rows) changed;
  end if;
  if length(names) > 7900 then
    names := null;
  end if;
  perform pg_notify('${CHANNEL}', coalesce(tg_argv[0] || ':' || names, 'all'));
  return null;
end
$$;`;

const userFunction = `
create or replace function auth_invalidate_user() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE'
     or (old.id, old.username, old.is_active, old.is_staff, old.is_superuser, old.date_joined,
         old.last_login)
        is distinct from
        (new.id, new.username, new.is_active, new.is_staff, new.is_superuser, new.date_joined,
         new.last_login) then
    perform pg_notify('${CHANNEL}', 'user:' || old.id);
  end if;
  return null;
end
$$;`;

const applicationFunction = `
create or replace function auth_invalidate_application() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' or (old.id, old.client_id) is distinct from (new.id, new.client_id) then
    perform pg_notify('${CHANNEL}', 'application:' || old.id);
  end if;
  return null;
end
$$;`;

const allFunction = `
create or replace function auth_invalidate_all() returns trigger
language plpgsql as $$
begin
  perform pg_notify('${CHANNEL}', 'all');
  return null;
end
$$;`;

/** Statement-level triggers with transition tables: one notice per statement, not per row. */
function credentialTriggers(table: string, kind: string): string[] {
  const run = `for each statement execute function auth_invalidate_credentials('${kind}')`;
  return [
    `create trigger ${table}_auth_insert after insert on ${table} referencing new table as new_rows ${run};`,
    `create trigger ${table}_auth_update after update on ${table} referencing old table as old_rows new table as new_rows ${run};`,
    `create trigger ${table}_auth_delete after delete on ${table} referencing old table as old_rows ${run};`,
  ];
}

const TABLES = ['access_tokens', 'sessions', 'users', 'applications'];

export class Migration20261204090000_auth_invalidation extends Migration {
  override async up(): Promise<void> {
    this.addSql(credentialsFunction);
    this.addSql(userFunction);
    this.addSql(applicationFunction);
    this.addSql(allFunction);

    for (const sql of credentialTriggers('access_tokens', 'token')) this.addSql(sql);
    for (const sql of credentialTriggers('sessions', 'session')) this.addSql(sql);
    this.addSql(
      `create trigger users_auth_change after update or delete on users for each row execute function auth_invalidate_user();`,
    );
    this.addSql(
      `create trigger applications_auth_change after update or delete on applications for each row execute function auth_invalidate_application();`,
    );
    for (const table of TABLES) {
      this.addSql(
        `create trigger ${table}_auth_truncate after truncate on ${table} for each statement execute function auth_invalidate_all();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of ['access_tokens', 'sessions']) {
      for (const event of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger if exists ${table}_auth_${event} on ${table};`);
      }
    }
    this.addSql(`drop trigger if exists users_auth_change on users;`);
    this.addSql(`drop trigger if exists applications_auth_change on applications;`);
    for (const table of TABLES) {
      this.addSql(`drop trigger if exists ${table}_auth_truncate on ${table};`);
    }
    for (const name of ['credentials', 'user', 'application', 'all']) {
      this.addSql(`drop function if exists auth_invalidate_${name}();`);
    }
  }
}
