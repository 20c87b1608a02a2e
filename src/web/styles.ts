/** The site's stylesheet, served from /static/site.css (no inline styles, so the CSP can forbid them). */
export const siteCss = `
:root { --ink:#1d1d1f; --muted:#5a5a66; --line:#d8d8de; --accent:#8a1c1c; --bg:#fbfaf7; --mark:#ffe58a; }
* { box-sizing: border-box; }
body { margin:0; font: 17px/1.55 Georgia, 'Times New Roman', serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left: 1rem; top: 1rem; background:#fff; padding:.5rem; }
header.site { border-bottom: 1px solid var(--line); background:#fff; }
header.site .inner, main, footer.site .inner { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.site .inner { display:flex; gap:1rem; align-items:center; flex-wrap:wrap; padding-top:.6rem; padding-bottom:.6rem; }
header.site .brand { font-weight:bold; font-size:1.3rem; text-decoration:none; color:var(--ink); letter-spacing:.04em; }
form.search { display:flex; gap:.4rem; flex:1; min-width:16rem; }
form.search input[type=search] { flex:1; font:inherit; padding:.35rem .6rem; border:1px solid #8d8d99; border-radius:4px; }
form.search button { font:inherit; padding:.35rem .9rem; background:var(--accent); color:#fff; border:0; border-radius:4px; cursor:pointer; }
main { padding-top: 1.2rem; padding-bottom: 3rem; }
h1 { font-size: 1.7rem; line-height:1.25; margin: .4rem 0 1rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
.muted { color: var(--muted); }
.stats { display:flex; gap:2rem; flex-wrap:wrap; padding:0; list-style:none; }
.stats li strong { display:block; font-size:1.5rem; }
ol.results { padding-left: 1.4rem; } ol.results li { margin-bottom: 1.2rem; }
.snippet mark, .text mark { background: var(--mark); color: inherit; }
.meta { display:grid; grid-template-columns: max-content 1fr; gap:.3rem 1rem; margin: 0 0 1.5rem; }
.meta dt { font-weight:bold; } .meta dd { margin:0; }
.prov { font-size:.75rem; color:var(--muted); border:1px solid var(--line); border-radius:3px; padding:0 .3rem; margin-left:.4rem; font-family: system-ui, sans-serif; }
.page { border-top: 1px solid var(--line); padding-top: .8rem; margin-top: 1.2rem; }
.page h2 { font-size: .95rem; color: var(--muted); font-family: system-ui, sans-serif; margin:0 0 .5rem; }
.text { white-space: pre-wrap; font-family: 'Courier New', monospace; font-size: .92rem; line-height: 1.5; }
.badge { display:inline-block; font: bold .75rem system-ui, sans-serif; padding:.1rem .45rem; border-radius:3px; background:#eee; margin-right:.3rem; }
.badge.cls { background:#8a1c1c; color:#fff; }
nav.pager { display:flex; gap:1rem; margin-top: 1.5rem; }
form.refine { display:flex; gap:.6rem; flex-wrap:wrap; align-items:center; margin-bottom:1rem; font-family: system-ui, sans-serif; font-size:.9rem; }
.search-layout { display:grid; grid-template-columns: minmax(0,1fr) 16rem; gap:2rem; }
aside.facets { font-family: system-ui, sans-serif; font-size:.9rem; } aside.facets h2 { margin-top:0; } aside.facets h3 { font-size:.95rem; margin:1rem 0 .3rem; }
aside.facets ul { list-style:none; padding:0; margin:0; } aside.facets li { margin:.15rem 0; }
@media (max-width: 50rem) { .search-layout { grid-template-columns: 1fr; } }
footer.site { border-top:1px solid var(--line); font-size:.85rem; color:var(--muted); padding: 1rem 0; }
table.list { border-collapse: collapse; width:100%; } table.list td, table.list th { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align: top; }
@media (max-width: 40rem) { body { font-size: 16px; } .meta { grid-template-columns: 1fr; } .meta dt { margin-top:.4rem; } }
`;
