import { jobsContract } from './jobs.contract.js';

jobsContract('sqlite');
