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
ol.results { padding-left: 1.4rem; } ol.results li { margin-bottom: 1.2rem; } ol.results time { white-space: nowrap; }
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
nav.site-nav ul { display:flex; gap:1rem; list-style:none; margin:0; padding:0; align-items:center; font-family: system-ui, sans-serif; font-size:.95rem; }
form.inline { display:inline; margin:0; }
button.link { background:none; border:0; padding:0; font:inherit; color:var(--accent); text-decoration:underline; cursor:pointer; }
.doc-layout { display:grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 2rem; align-items:start; }
.doc-layout .panel { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow:auto; font-family: system-ui, sans-serif; font-size:.92rem; }
.doc-layout .panel h2 { font-size:1rem; margin-top:1.2rem; }
.panel .meta { grid-template-columns: max-content minmax(0, 1fr); } .panel .meta dd { overflow-wrap:anywhere; }
ul.inline-list { list-style:none; padding:0; margin:0; display:flex; flex-wrap:wrap; gap:.2rem .8rem; }
.thumbs ol { display:flex; flex-wrap:wrap; gap:.35rem; list-style:none; padding:0; margin:.3rem 0 1rem; font-family: system-ui, sans-serif; }
.thumbs a { display:inline-block; min-width:2.4rem; text-align:center; border:1px solid var(--line); border-radius:3px; padding:.15rem .35rem; text-decoration:none; background:#fff; }
.thumbs a[aria-current="true"] { background:var(--accent); color:#fff; border-color:var(--accent); }
.thumbs img { display:block; max-width:5rem; }
.page:focus { outline: 2px solid #1a5fb4; outline-offset: 4px; }
/* The page viewer: image beside the text (stacked on phones), zoom and pan, search hits over the image. */
.page-body { display:grid; grid-template-columns: minmax(0, 1fr); gap:1.2rem; align-items:start; }
.page.has-image .page-body { grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); }
.reader.text-hidden .page.has-image .page-body { grid-template-columns: minmax(0, 1fr); }
.reader.text-hidden .page.has-image .page-text { display:none; }
.page-image { margin:0; position:relative; font-family: system-ui, sans-serif; }
.page-image .viewport { overflow:hidden; border:1px solid var(--line); background:#fff; }
.page-image .viewport.zoomed { overflow:auto; cursor:grab; overscroll-behavior:contain; }
.page-image .viewport.zoomed.dragging { cursor:grabbing; user-select:none; }
.page-image .viewport:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.page-image .zoom-box { position:relative; width:100%; }
.page-image img { display:block; width:100%; max-width:none; height:auto; -webkit-user-drag:none; }
.page-image svg.hits { position:absolute; inset:0; width:100%; height:100%; pointer-events:none; }
.page-image rect.hit-box { fill: rgba(255, 214, 10, .38); stroke:#b38f00; stroke-width:2px; vector-effect: non-scaling-stroke; }
.page-image figcaption { font-size:.8rem; color:var(--muted); margin-top:.3rem; }
.zoom-tools { display:flex; gap:.3rem; align-items:center; margin-bottom:.35rem; font-size:.85rem; }
.zoom-tools[hidden] { display:none; }
.zoom-tools button { min-width:2.4rem; padding:.2rem .5rem; }
.zoom-level { color:var(--muted); margin-left:.3rem; }
.text-coming { font-family: system-ui, sans-serif; font-size:.85rem; background:#f1efe8; border-left:3px solid var(--accent); padding:.3rem .6rem; margin:0 0 .6rem; }
.viewer-bar { margin:.2rem 0 .8rem; }
.viewer-bar button[aria-pressed="false"] { background:#f1efe8; }
.thumbs.has-images ol { flex-wrap:nowrap; overflow-x:auto; padding-bottom:.3rem; }
.thumbs.has-images a { padding:.2rem; font-size:.8rem; }
.thumbs.has-images img { width:4.2rem; height:auto; margin:0 auto .15rem; border:1px solid var(--line); }
.page-nav { display:flex; justify-content:space-between; font-family: system-ui, sans-serif; font-size:.85rem; margin-top:.6rem; }
.reader-status { font-family: system-ui, sans-serif; font-size:.85rem; color:var(--muted); }
.text mark.hit { background: var(--mark); outline: 1px solid #b38f00; }
.keys { font-family: system-ui, sans-serif; font-size:.8rem; color:var(--muted); }
kbd { border:1px solid var(--line); border-radius:3px; padding:0 .25rem; background:#fff; font-size:.8rem; }
.badge.prov-editor { background:#1a5fb4; color:#fff; } .badge.exempt { background:#553c00; color:#fff; } .badge.redact { background:#222; color:#fff; } .badge.caveat { background:#5c1a5c; color:#fff; }
.cite-box pre { white-space: pre-wrap; word-break: break-word; background:#fff; border:1px solid var(--line); padding:.5rem; font-size:.8rem; }
.cite-box .actions { display:flex; gap:.6rem; flex-wrap:wrap; align-items:center; }
button, .button { font: inherit; font-family: system-ui, sans-serif; padding:.35rem .8rem; border-radius:4px; border:1px solid var(--accent); background:#fff; color:var(--accent); cursor:pointer; text-decoration:none; display:inline-block; }
button.primary, .button.primary { background:var(--accent); color:#fff; }
form.stack { display:grid; gap:.9rem; max-width:48rem; font-family: system-ui, sans-serif; }
form.stack label { font-weight:bold; display:block; margin-bottom:.2rem; }
form.stack input[type=text], form.stack input[type=password], form.stack textarea { width:100%; font:inherit; padding:.4rem .5rem; border:1px solid #8d8d99; border-radius:4px; background:#fff; }
form.stack textarea { font-family: 'Courier New', monospace; min-height: 22rem; }
.hint { font-size:.85rem; color:var(--muted); margin:.2rem 0 0; font-weight:normal; }
.error-box { border-left:4px solid var(--accent); background:#fff; padding:.6rem .9rem; }
.notice { border-left:4px solid #1a5fb4; background:#fff; padding:.6rem .9rem; }
.preview { border:2px dashed var(--line); padding: .5rem 1.2rem; margin-top:2rem; background:#fff; }
.cards { list-style:none; padding:0; display:grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap:1.2rem; }
.cards li { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.9rem 1rem; }
.cards h3 { margin:.1rem 0 .4rem; font-size:1.1rem; } .cards p { margin:.3rem 0; }
.essay { max-width: 44rem; } .essay figure.embed { margin:1.5rem 0; border-left:4px solid var(--line); padding-left:1rem; }
.essay blockquote.excerpt { white-space: pre-wrap; font-family:'Courier New', monospace; font-size:.9rem; margin:0 0 .4rem; }
.essay .cite-missing { color: var(--accent); }
.hist { list-style:none; padding:0; margin:0; font-family: system-ui, sans-serif; font-size:.85rem; }
.hist li { display:grid; grid-template-columns: 6rem 1fr 3rem; gap:.5rem; align-items:center; margin:.15rem 0; }
.hist .bar { display:block; height:.9rem; background:var(--accent); min-width:1px; border-radius:2px; }
.hist .bar.zero { background:transparent; }
.w0 { width:0%; } .w1 { width:5%; } .w2 { width:10%; } .w3 { width:15%; } .w4 { width:20%; } .w5 { width:25%; } .w6 { width:30%; } .w7 { width:35%; } .w8 { width:40%; } .w9 { width:45%; } .w10 { width:50%; } .w11 { width:55%; } .w12 { width:60%; } .w13 { width:65%; } .w14 { width:70%; } .w15 { width:75%; } .w16 { width:80%; } .w17 { width:85%; } .w18 { width:90%; } .w19 { width:95%; } .w20 { width:100%; } 
.two-col { display:grid; grid-template-columns: minmax(16rem, 1fr) minmax(0, 1.4fr); gap:2rem; align-items:start; }
.crumbs ol { display:flex; flex-wrap:wrap; gap:.4rem; list-style:none; padding:0; font-family: system-ui, sans-serif; font-size:.9rem; }
.crumbs li + li::before { content:'›'; margin-right:.4rem; color:var(--muted); }
.history td, .history th { font-size:.85rem; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
@media (max-width: 60rem) { .doc-layout, .two-col { grid-template-columns: 1fr; } .doc-layout .panel { position: static; max-height:none; } }
@media (max-width: 40rem) { .page.has-image .page-body { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 40rem) { body { font-size: 16px; } .meta { grid-template-columns: 1fr; } .meta dt { margin-top:.4rem; } }
`;
