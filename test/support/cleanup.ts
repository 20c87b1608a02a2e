import { afterAll } from 'vitest';
import { removeTempDirs } from './services.js';

// Setup file (vitest.config.ts): the temporary archives and fixture folders of a test file go when it ends.
afterAll(() => {
  removeTempDirs();
});
