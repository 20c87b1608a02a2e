import { createErrorFactory } from '../shared/errors.js';

export const searchErrors = {
  invalidQuery: createErrorFactory({ code: 'search.invalid_query', status: 400 }),
  invalidParameters: createErrorFactory({ code: 'search.invalid_parameters', status: 400 }),
  invalidCursor: createErrorFactory({ code: 'search.invalid_cursor', status: 400 }),
  documentNotIndexed: createErrorFactory({ code: 'search.not_indexed', status: 404 }),
};
