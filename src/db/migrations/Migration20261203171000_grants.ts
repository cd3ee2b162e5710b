import { Migration } from '@mikro-orm/migrations';

/** Authorization codes (src/entities/Grant.ts), generated from the entity by the schema diff. */
export class Migration20261203171000_grants extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "grants" ("id" bigserial primary key, "checksum" char(64) not null, "application_id" int not null, "user_id" int not null, "redirect_uri" text null, "scope" text not null, "code_challenge" varchar(128) null, "code_challenge_method" text check ("code_challenge_method" in ('S256', 'plain')) null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "used_at" timestamptz null, "access_token_id" bigint null);`,
    );
    this.addSql(
      `alter table "grants" add constraint "grants_checksum_unique" unique ("checksum");`,
    );
    this.addSql(`create index "grants_application_id_index" on "grants" ("application_id");`);
    this.addSql(`create index "grants_user_id_index" on "grants" ("user_id");`);
    this.addSql(`create index "grants_expires_at_index" on "grants" ("expires_at");`);
    this.addSql(`create index "grants_access_token_id_index" on "grants" ("access_token_id");`);

    this.addSql(
      `alter table "grants" add constraint "grants_application_id_foreign" foreign key ("application_id") references "applications" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "grants" add constraint "grants_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "grants" add constraint "grants_access_token_id_foreign" foreign key ("access_token_id") references "access_tokens" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "grants" cascade;`);
  }
}
