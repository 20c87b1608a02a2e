import { createErrorFactory } from '../shared/errors.js';

/** Job queue errors. Codes are stable; see docs/errors.md. */
export const jobsErrors = {
  leaseLost: createErrorFactory({ code: 'jobs.lease_lost', status: 409 }),
  unknownJob: createErrorFactory({ code: 'jobs.unknown_job', status: 500 }),
  leaseExpired: createErrorFactory({ code: 'jobs.lease_expired', status: 500 }),
};
