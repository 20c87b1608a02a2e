import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { ingestPaths } from '../ingest/ingest.usecases.js';
import { createTestServices, writeFixtureDir } from '../../test/support/services.js';
import { loadRecords } from './documents.usecases.js';
import { reextractAll } from './reextract.usecases.js';

const MEMO = `SECRET

MEMORANDUM FOR THE SECRETARY OF STATE

FROM: Example Official, Office of Examples

SUBJECT: An example memorandum written for the tests

March 14, 1962

1. (S) The example paragraph. [1 line of source text not declassified]
`;

describe('reextract', () => {
  let s: Services;
  let id: string;
  beforeAll(async () => {
    s = await createTestServices();
    await ingestPaths(s.ingestDeps, { paths: [writeFixtureDir({ 'memo.txt': MEMO })], collection: null, maxFileBytes: 1e9 });
    id = (await s.db.selectFrom('documents').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => s.close());

  const record = async () => (await loadRecords(s.documents, [(await s.documents.get(id))!], { text: false }))[0]!;

  it('extracts metadata at ingest, with provenance, page and span', async () => {
    const r = await record();
    expect(r.date).toMatchObject({ start: '1962-03-14', precision: 'day' });
    expect(r.classification.level).toBe('SECRET');
    expect(r.subject).toBe('An example memorandum written for the tests');
    expect(r.redactions.count).toBe(1);
    expect(r.provenance.date).toBe('extracted');
    const row = await s.db
      .selectFrom('document_fields')
      .selectAll()
      .where('document_id', '=', id)
      .where('name', '=', 'date')
      .executeTakeFirstOrThrow();
    const page = await s.db.selectFrom('pages').select('text').where('document_id', '=', id).executeTakeFirstOrThrow();
    expect(page.text.slice(row.span_start!, row.span_end!)).toBe('March 14, 1962');
    expect(row.page_no).toBe(1);
  });

  it('replaces extracted values and never touches an editor value', async () => {
    const now = new Date().toISOString();
    await s.db
      .insertInto('document_fields')
      .values({
        document_id: id,
        name: 'date',
        value: JSON.stringify({ start: '1962-03-15', end: '1962-03-15', precision: 'day', text: 'corrected' }),
        provenance: 'editor',
        page_no: null,
        span_start: null,
        span_end: null,
        updated_at: now,
        updated_by: 'editor@example',
      })
      .execute();
    // A stale extracted value, as an older extractor might have left.
    await s.db
      .updateTable('document_fields')
      .set({ value: JSON.stringify('Old subject') })
      .where('document_id', '=', id)
      .where('name', '=', 'subject')
      .where('provenance', '=', 'extracted')
      .execute();
    const summary = await reextractAll(s);
    expect(summary.documents).toBe(1);
    const r = await record();
    expect(r.subject).toBe('An example memorandum written for the tests');
    expect(r.date).toMatchObject({ start: '1962-03-15', text: 'corrected' });
    expect(r.provenance.date).toBe('editor');
    const editorRows = await s.db.selectFrom('document_fields').selectAll().where('provenance', '=', 'editor').execute();
    expect(editorRows).toHaveLength(1);
  });
});
