import { describe, it } from 'vitest';
import { NO_POSTGRES, postgresUrl } from '../../test/support/engines.js';
import { storeContract } from './store.contract.js';

if (postgresUrl) storeContract('postgres');
else describe('store contract: postgres', () => it.skip(NO_POSTGRES, () => undefined));
