import { describe, expect, it } from 'vitest';
import { createEngineServices, ENGINES } from '../../test/support/engines.js';
import { insertRows } from './bulk.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`bulk inserts on ${engine.name}${engine.available ? '' : ` (${engine.reason})`}`, () => {
    it('inserts many rows in reused statement shapes, nulls kept, and reads again through reused statements', async () => {
      const s = await createEngineServices(engine.name);
      try {
        const rows = Array.from({ length: 7001 }, (_, i) => ({ facet: i % 2 ? 'person' : 'place', value: `Name ${i}`, norm: `name ${i}` }));
        await s.db.transaction().execute((trx) => insertRows(trx, 'facet_values', rows));
        await insertRows(s.db, 'facet_values', [{ facet: 'type', value: 'memo', norm: 'memo' }]);
        await insertRows(s.db, 'facet_values', []);
        const n = await s.db
          .selectFrom('facet_values')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(7002);
        const last = await s.db.selectFrom('facet_values').selectAll().where('norm', '=', 'name 7000').executeTakeFirstOrThrow();
        expect(last).toMatchObject({ facet: 'place', value: 'Name 7000' });
        // The same query text read again, as a whole and (SQLite) streamed: reused statements stay usable.
        for (let i = 0; i < 3; i++)
          expect(await s.db.selectFrom('facet_values').select('norm').where('facet', '=', 'type').execute()).toEqual([{ norm: 'memo' }]);
        if (engine.name === 'sqlite') {
          const seen: string[] = [];
          for await (const r of s.db.selectFrom('facet_values').select('norm').where('facet', '=', 'type').stream()) seen.push(r.norm);
          expect(seen).toEqual(['memo']);
        }
      } finally {
        await s.close();
      }
    });
  });
}
