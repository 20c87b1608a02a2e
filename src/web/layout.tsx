import type { Child } from 'hono/jsx';
import { currentViewer } from './context.js';

export function Layout(props: { title: string; query?: string; scripts?: string[]; head?: Child; children?: Child }) {
  const viewer = currentViewer();
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Declass</title>
        <link rel="stylesheet" href="/static/site.css" />
        <link rel="alternate" type="application/atom+xml" title="Declass briefing books" href="/feed.atom" />
        {props.head}
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer></script>
        ))}
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
            <nav class="site-nav" aria-label="Site">
              <ul>
                <li>
                  <a href="/timeline">Timeline</a>
                </li>
                <li>
                  <a href="/books">Briefing books</a>
                </li>
                {viewer ? (
                  <>
                    <li>
                      <a href="/editor">Editor</a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline">
                        <input type="hidden" name="csrf" value={viewer.csrfToken} />
                        <button type="submit" class="link">
                          Log out {viewer.name}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/login">Log in</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          <div class="inner">
            Declass — an open archive of declassified records. AGPL-3.0-or-later. <a href="/feed.atom">Atom feed</a>
          </div>
        </footer>
      </body>
    </html>
  );
}
