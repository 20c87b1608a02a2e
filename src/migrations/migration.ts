import type { Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** A numbered schema change. `up` runs inside a transaction; never edit a released migration, add a new one. */
export interface Migration {
  id: number;
  name: string;
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}
