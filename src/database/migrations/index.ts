import { Init1795735506114 } from './1795735506114-Init';
import { SeedCatalogue1795735506200 } from './1795735506200-SeedCatalogue';

/** Every migration, in order. `npm run migration:generate` adds a file; add its class here too. */
export const MIGRATIONS = [Init1795735506114, SeedCatalogue1795735506200];
