import { Layout } from '../layout.js';

export function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Layout title={`Error ${status}`}>
      <h1>{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 401 ? 'Please log in' : 'Something went wrong'}</h1>
      <p>{message}</p>
      {status === 401 ? (
        <p>
          <a href="/login">Log in</a>
        </p>
      ) : null}
    </Layout>
  );
}
