import { createErrorFactory } from '../shared/errors.js';

export const authErrors = {
  invalidCredentials: createErrorFactory({ code: 'auth.invalid_credentials', status: 401 }),
  loginRequired: createErrorFactory({ code: 'auth.login_required', status: 401 }),
  csrf: createErrorFactory({ code: 'auth.csrf_failed', status: 403 }),
  userExists: createErrorFactory({ code: 'auth.user_exists', status: 409 }),
  invalidUser: createErrorFactory({ code: 'auth.invalid_user', status: 400 }),
};
