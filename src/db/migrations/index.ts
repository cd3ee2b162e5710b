import { Migration20261203160339_initial } from './Migration20261203160339_initial';

/** Every migration in order. Listed explicitly so that no file-system scan runs at start-up. */
export const migrationsList = [
  { name: 'Migration20261203160339_initial', class: Migration20261203160339_initial },
];
