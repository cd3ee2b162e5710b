import { Migration } from '@mikro-orm/migrations';

/**
 * refresh_tokens.scope (src/entities/RefreshToken.ts): the granted scope, kept on the refresh
 * token itself so a refresh works after `cleartokens` removed its expired access token. Existing
 * rows take the scope of the access token they still point at.
 */
export class Migration20261203180000_refresh_token_scope extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "refresh_tokens" add column "scope" text null;`);
    this.addSql(
      `update "refresh_tokens" r set "scope" = a."scope" from "access_tokens" a where a."id" = r."access_token_id";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refresh_tokens" drop column "scope";`);
  }
}
