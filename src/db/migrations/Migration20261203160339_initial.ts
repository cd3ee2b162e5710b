import { Migration } from '@mikro-orm/migrations';

export class Migration20261203160339_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "users" ("id" serial primary key, "username" varchar(150) not null, "password" text not null, "is_active" boolean not null default true, "is_staff" boolean not null default false, "is_superuser" boolean not null default false, "date_joined" timestamptz not null default now(), "last_login" timestamptz null);`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);

    this.addSql(
      `create table "sessions" ("id" bigserial primary key, "checksum" char(64) not null, "user_id" int not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_checksum_unique" unique ("checksum");`,
    );
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    this.addSql(
      `create table "applications" ("id" serial primary key, "client_id" varchar(100) not null, "client_secret_hash" text not null default '', "client_type" text check ("client_type" in ('confidential', 'public')) not null, "grant_types" text[] not null, "redirect_uris" text[] not null, "name" varchar(255) not null, "skip_authorization" boolean not null default false, "user_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "applications" add constraint "applications_client_id_unique" unique ("client_id");`,
    );

    this.addSql(
      `create table "access_tokens" ("id" bigserial primary key, "checksum" char(64) not null, "user_id" int null, "application_id" int not null, "scope" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, "source_refresh_token_id" bigint null);`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_checksum_unique" unique ("checksum");`,
    );
    this.addSql(`create index "access_tokens_user_id_index" on "access_tokens" ("user_id");`);
    this.addSql(
      `create index "access_tokens_application_id_index" on "access_tokens" ("application_id");`,
    );
    this.addSql(`create index "access_tokens_expires_at_index" on "access_tokens" ("expires_at");`);
    this.addSql(
      `create index "access_tokens_source_refresh_token_id_index" on "access_tokens" ("source_refresh_token_id");`,
    );

    this.addSql(
      `create table "refresh_tokens" ("id" bigserial primary key, "checksum" char(64) not null, "access_token_id" bigint null, "user_id" int null, "application_id" int not null, "family_id" uuid not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_checksum_unique" unique ("checksum");`,
    );
    this.addSql(
      `create index "refresh_tokens_access_token_id_index" on "refresh_tokens" ("access_token_id");`,
    );
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(
      `create index "refresh_tokens_application_id_index" on "refresh_tokens" ("application_id");`,
    );
    this.addSql(`create index "refresh_tokens_family_id_index" on "refresh_tokens" ("family_id");`);

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "applications" add constraint "applications_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_application_id_foreign" foreign key ("application_id") references "applications" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_source_refresh_token_id_foreign" foreign key ("source_refresh_token_id") references "refresh_tokens" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_access_token_id_foreign" foreign key ("access_token_id") references "access_tokens" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_application_id_foreign" foreign key ("application_id") references "applications" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "applications" drop constraint "applications_user_id_foreign";`);

    this.addSql(`alter table "access_tokens" drop constraint "access_tokens_user_id_foreign";`);

    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_user_id_foreign";`);

    this.addSql(
      `alter table "access_tokens" drop constraint "access_tokens_application_id_foreign";`,
    );

    this.addSql(
      `alter table "refresh_tokens" drop constraint "refresh_tokens_application_id_foreign";`,
    );

    this.addSql(
      `alter table "refresh_tokens" drop constraint "refresh_tokens_access_token_id_foreign";`,
    );

    this.addSql(
      `alter table "access_tokens" drop constraint "access_tokens_source_refresh_token_id_foreign";`,
    );

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "applications" cascade;`);

    this.addSql(`drop table if exists "access_tokens" cascade;`);

    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
  }
}
