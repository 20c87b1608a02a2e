import { Layout } from '../layout.js';

export function LoginPage(props: { csrf: string; error?: string | null; next: string; name?: string }) {
  return (
    <Layout title="Log in">
      <h1>Log in</h1>
      <p class="muted">Editors log in to correct metadata and write briefing books. Reading needs no account.</p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      <form class="stack" method="post" action="/login">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <div>
          <label for="login-name">User name</label>
          <input type="text" id="login-name" name="name" autocomplete="username" required value={props.name ?? ''} />
        </div>
        <div>
          <label for="login-password">Password</label>
          <input type="password" id="login-password" name="password" autocomplete="current-password" required />
        </div>
        <div>
          <button type="submit" class="primary">
            Log in
          </button>
        </div>
      </form>
    </Layout>
  );
}
