import type { Db } from '../db/database.js';
import type { FilterField } from './query.ast.js';
import type { SearchDocument, SearchProvider } from './search.types.js';

/** Fictional records for the search tests (the Republic of Elsinia and its lake). */
export interface FixtureDoc {
  id: string;
  title: string;
  pages: string[];
  /** Headings the document is printed under (searched, never a snippet). */
  sections?: string[];
  date?: string;
  /** The last day of a date that is a span (`date` its first); a single day without it. */
  dateEnd?: string;
  facets?: Partial<Record<FilterField, string[]>>;
}

export const FIXTURES: FixtureDoc[] = [
  {
    id: 'el-1',
    title: 'Memorandum on the Lake Elsin enlargement',
    pages: ['The engineers propose a lake enlargement of twelve miles.', 'Costs of the dredging programme are unknown.'],
    date: '1962-03-14',
    facets: { type: ['memorandum'], classification: ['SECRET'], caveat: ['NODIS'], person: ['Harriet Quill'], place: ['Port Elsin'] },
  },
  {
    id: 'el-2',
    title: 'Telegram from Port Elsin on the harbour survey',
    pages: ['The harbour survey is complete. Enlargement of the lake is feasible but the survey team advises caution.'],
    date: '1962-04-02',
    facets: { type: ['telegram'], classification: ['CONFIDENTIAL'], person: ['Harriet Quill', 'Otto Brandvik'], place: ['Port Elsin'] },
  },
  {
    id: 'el-3',
    title: 'Conversation on dredging contracts',
    pages: ['Minister Brandvik said the dredging contracts would go to a foreign consortium.'],
    date: '1962-05-20',
    facets: { type: ['memorandum_of_conversation'], classification: ['SECRET'], exemption: ['(b)(1)'], person: ['Otto Brandvik'] },
  },
  {
    id: 'el-4',
    title: 'Press note on fisheries',
    pages: ['Fishing quotas on the lake remain unchanged this season.'],
    sections: ['Chapter IV. Boundary questions'],
    date: '1963-01-10',
    facets: { type: ['note'], classification: ['UNCLASSIFIED'], place: ['Elsinia'] },
  },
  {
    id: 'el-5',
    title: 'Letter about the enlargement of the harbour',
    pages: ['Dear Minister: the enlargement of the harbour, not the lake, is our priority.'],
    date: '1961-11-30',
    facets: { type: ['letter'], classification: ['CONFIDENTIAL'], person: ['Harriet Quill'], org: ['Harbour Authority'] },
  },
  {
    id: 'el-6',
    title: 'Undated briefing on negotiations',
    pages: ['Negotiating positions for the lake treaty.', 'The negotiators met twice.', 'Annex: the negotiated text of the lake treaty.'],
    facets: { type: ['report'], caveat: ['NOFORN', 'NODIS'] },
  },
  {
    id: 'el-7',
    title: 'Telegram on the treaty signature',
    pages: ['The lake treaty was signed today at Port Elsin. SECRETARY OF STATE sends congratulations.'],
    date: '1964-06-01',
    facets: { type: ['telegram'], classification: ['SECRET'], person: ['Otto Brandvik'], place: ['Port Elsin'] },
  },
  {
    id: 'el-8',
    title: 'Telegram: fisheries dispute',
    pages: ['Fishermen protested the quotas near the harbour.'],
    date: '1964-07-15',
    facets: { type: ['telegram'], classification: ['CONFIDENTIAL'], place: ['Elsinia'] },
  },
];

export function toSearchDocuments(docs: readonly FixtureDoc[]): SearchDocument[] {
  return docs.map((d) => ({
    id: d.id,
    title: d.title,
    pages: d.pages,
    ...(d.sections ? { sections: d.sections } : {}),
    date: d.date ? { start: d.date, end: d.dateEnd ?? d.date } : null,
    facets: Object.entries(d.facets ?? {}).flatMap(([facet, values]) => values.map((value) => ({ facet: facet as FilterField, value }))),
  }));
}

/** Stores the documents' rows (file, documents, pages) as ingest would, then indexes them with the provider. */
export async function seedFixtures(db: Db, provider: SearchProvider, docs: readonly FixtureDoc[] = FIXTURES): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const file = await trx
      .insertInto('files')
      .values({
        sha256: `fixture-${docs.map((d) => d.id).join(',')}`,
        media_type: 'text/plain',
        format: 'text',
        size: 1,
        original_name: 'fixture.txt',
        original_path: '/fixtures/fixture.txt',
        blob_key: 'fixture',
        created_at: '2024-01-01T00:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, d] of docs.entries()) {
      await trx
        .insertInto('documents')
        .values({
          id: d.id,
          file_id: file.id,
          collection_id: null,
          seq: i,
          source_key: d.id,
          title: d.title,
          status: 'ready',
          page_count: d.pages.length,
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
        })
        .execute();
      await trx
        .insertInto('pages')
        .values(d.pages.map((text, n) => ({ document_id: d.id, page_no: n + 1, label: String(100 + n), text, text_source: 'source' })))
        .execute();
    }
    await provider.indexDocuments(trx, toSearchDocuments(docs));
  });
}
