import type { Child } from 'hono/jsx';

export function Layout(props: { title: string; query?: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Declass</title>
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <div class="inner">
            <a class="brand" href="/">
              Declass
            </a>
            <form class="search" action="/search" method="get" role="search">
              <label for="q" class="skip">
                Search the archive
              </label>
              <input id="q" type="search" name="q" value={props.query ?? ''} placeholder='Search, e.g. "credit" Petrograd' />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          <div class="inner">Declass — an open archive of declassified records. AGPL-3.0-or-later.</div>
        </footer>
      </body>
    </html>
  );
}
