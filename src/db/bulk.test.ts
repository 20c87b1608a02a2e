import { describe, expect, it } from 'vitest';
import { createEngineServices, ENGINES } from '../../test/support/engines.js';
import { insertRows } from './bulk.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`bulk inserts on ${engine.name}${engine.available ? '' : ` (${engine.reason})`}`, () => {
    it('inserts many rows in reused statement shapes, nulls kept, and reads again through reused statements', async () => {
      const s = await createEngineServices(engine.name);
      try {
        const rows = Array.from({ length: 7037 }, (_, i) => ({ facet: i % 2 ? 'person' : 'place', value: `Name ${i}`, norm: `name ${i}` }));
        await s.db.transaction().execute((trx) => insertRows(trx, 'facet_values', rows));
        await insertRows(s.db, 'facet_values', [{ facet: 'type', value: 'memo', norm: 'memo' }]);
        await insertRows(s.db, 'facet_values', []);
        const n = await s.db
          .selectFrom('facet_values')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(7038);
        // 7,037 rows = 70 × 100 + 32 + 4 + 1: every row of the odd-sized rest is there, once.
        const rest = await s.db.selectFrom('facet_values').select('norm').where('id', '>', 7000).where('facet', '!=', 'type').execute();
        expect(rest.map((r) => r.norm).sort()).toEqual(Array.from({ length: 37 }, (_, i) => `name ${7000 + i}`).sort());
        const last = await s.db.selectFrom('facet_values').selectAll().where('norm', '=', 'name 7036').executeTakeFirstOrThrow();
        expect(last).toMatchObject({ facet: 'place', value: 'Name 7036' });
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
