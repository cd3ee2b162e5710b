import { Migration20261203160339_initial } from './Migration20261203160339_initial';
import { Migration20261203171000_grants } from './Migration20261203171000_grants';
import { Migration20261203180000_refresh_token_scope } from './Migration20261203180000_refresh_token_scope';
import { Migration20261204090000_auth_invalidation } from './Migration20261204090000_auth_invalidation';

/** Every migration in order. Listed explicitly so that no file-system scan runs at start-up. */
export const migrationsList = [
  { name: 'Migration20261203160339_initial', class: Migration20261203160339_initial },
  { name: 'Migration20261203171000_grants', class: Migration20261203171000_grants },
  {
    name: 'Migration20261203180000_refresh_token_scope',
    class: Migration20261203180000_refresh_token_scope,
  },
  {
    name: 'Migration20261204090000_auth_invalidation',
    class: Migration20261204090000_auth_invalidation,
  },
];
