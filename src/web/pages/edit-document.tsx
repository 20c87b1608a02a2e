import type { EditForm } from '../../documents/edits.usecases.js';
import { Layout } from '../layout.js';
import { docHref } from './common.js';

/** The editor's form for correcting a document's metadata. */
export function EditDocumentPage(props: { id: string; title: string; form: EditForm; csrf: string; error?: string | null }) {
  const f = props.form;
  const field = (name: keyof EditForm, label: string, hint?: string) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <input type="text" id={`f-${name}`} name={name} value={f[name]} aria-describedby={hint ? `h-${name}` : undefined} />
      {hint ? (
        <p class="hint" id={`h-${name}`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
  return (
    <Layout title={`Edit ${props.title}`}>
      <p>
        <a href={docHref(props.id)}>← Back to the document</a>
      </p>
      <h1>Edit metadata: {props.title}</h1>
      <p class="muted">
        Every change is saved with the provenance “editor”, which outranks the source file and extraction, and is logged with your name and
        the time.
      </p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      <form class="stack" method="post" action={`${docHref(props.id)}/edit`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        {field('title', 'Title')}
        {field('date', 'Date', 'ISO: 1962, 1962-04, 1962-04-02, or a range 1962-04-01/1962-04-15. Empty = no date.')}
        {field('type', 'Type', 'e.g. memorandum, telegram, memorandum of conversation')}
        {field('from', 'From', 'Names separated by semicolons')}
        {field('to', 'To', 'Names separated by semicolons')}
        {field('subject', 'Subject')}
        {field('classification_level', 'Classification', 'e.g. SECRET')}
        {field('classification_caveats', 'Caveats', 'Separated by commas, e.g. NOFORN, EXDIS')}
        <div>
          <button type="submit" class="primary">
            Save changes
          </button>
        </div>
      </form>
    </Layout>
  );
}
