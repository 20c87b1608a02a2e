import { createErrorFactory } from '../shared/errors.js';

export const searchErrors = {
  invalidQuery: createErrorFactory({ code: 'search.invalid_query', status: 400 }),
};
