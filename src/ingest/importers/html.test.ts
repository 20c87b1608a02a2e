import { describe, it, expect } from 'vitest';
import { htmlImporter, htmlToText, decodeHtml, declaredCharset } from './html.js';

const run = (html: string | Buffer, name = 'page.html') =>
  htmlImporter({ bytes: typeof html === 'string' ? Buffer.from(html, 'utf8') : html, path: `/in/${name}`, name });

const textOf = async (html: string | Buffer, name?: string) => {
  const result = await run(html, name);
  return result.documents[0]?.pages[0]?.text;
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>  Telegram
    from Embassy Reykjavik </title>
  <style>body { color: red }</style>
  <script>var secret = "do not index";</script>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/search">Search</a></nav>
  <header><h1>Reykjavik meeting announced</h1></header>
  <main>
    <p>The President   announced on
       September 30 that he will meet
       General Secretary Gorbachev.</p>
    <div hidden>Hidden draft text</div>
    <span aria-hidden="true">★</span>
    <p>Tom &amp; Jerry &lt;b&gt; &quot;quoted&quot; &#8212; caf&eacute; &nbsp;end</p>
    <noscript>Enable JavaScript</noscript>
    <form><label>Search <input name="q"></label><button>Submit query</button></form>
    <ul><li>First item</li><li>Second <em>item</em></li></ul>
    <table>
      <tr><th>From</th><th>To</th></tr>
      <tr><td>AMEMBASSY REYKJAVIK</td><td>SECSTATE WASHDC</td></tr>
    </table>
    <pre>
DTG 301727Z SEP 86
    SECRET   NODIS</pre>
    <p>Line one<br>Line two</p>
  </main>
  <aside>Related links</aside>
  <footer>Copyright notice</footer>
  <svg><title>icon</title><text>svg text</text></svg>
</body>
</html>`;

describe('htmlImporter', () => {
  it('turns a page into readable text', async () => {
    const result = await run(PAGE);
    expect(result).toMatchObject({ format: 'html', mediaType: 'text/html', collection: null, entities: [] });
    const doc = result.documents[0];
    expect(doc).toMatchObject({ sourceKey: '', preferredId: null, title: 'Telegram from Embassy Reykjavik', needsOcr: false, fields: {} });
    expect(doc?.pages).toHaveLength(1);
    expect(doc?.pages[0]?.textSource).toBe('source');
    expect(doc?.pages[0]?.text).toBe(
      [
        'Reykjavik meeting announced',
        '',
        'The President announced on September 30 that he will meet General Secretary Gorbachev.',
        '',
        'Tom & Jerry <b> "quoted" — café end',
        '',
        'First item',
        'Second item',
        '',
        'From\tTo',
        'AMEMBASSY REYKJAVIK\tSECSTATE WASHDC',
        '',
        'DTG 301727Z SEP 86',
        '    SECRET   NODIS',
        '',
        'Line one',
        'Line two',
      ].join('\n'),
    );
  });

  it('drops scripts, styles, navigation, hidden and form content', async () => {
    const text = await textOf(PAGE);
    for (const gone of [
      'secret',
      'color',
      'Home',
      'Search',
      'Hidden draft',
      '★',
      'Enable JavaScript',
      'Submit query',
      'Search',
      'Related links',
      'Copyright',
      'svg text',
      'icon',
    ]) {
      expect(text).not.toContain(gone);
    }
  });

  it('falls back to the first h1, then to the file name, for the title', async () => {
    const h1 = await run('<html><body><h1>Memorandum <i>of</i> Conversation</h1><h1>Second</h1><p>Text.</p></body></html>');
    expect(h1.documents[0]?.title).toBe('Memorandum of Conversation');
    const bare = await run('<p>Just a paragraph.</p>', 'cable-86.htm');
    expect(bare.documents[0]?.title).toBe('cable-86');
    const emptyTitle = await run('<title> </title><p>Text.</p>', 'x.html');
    expect(emptyTitle.documents[0]?.title).toBe('x');
  });

  it('reads Windows-1252 declared in <meta charset>', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</title></head><body><p>'),
      Buffer.from([0x93]),
      Buffer.from('Quoted'),
      Buffer.from([0x94, 0x20, 0x96, 0x20]),
      Buffer.from('na'),
      Buffer.from([0xef]),
      Buffer.from('ve &#150; &euro;</p></body></html>'),
    ]);
    const result = await run(bytes);
    expect(result.documents[0]?.title).toBe('Café');
    expect(result.documents[0]?.pages[0]?.text).toBe('\u201cQuoted\u201d \u2013 naïve \u2013 €');
  });

  it('reads the charset of an http-equiv Content-Type', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Se'),
      Buffer.from([0xf1, 0x6f, 0x72, 0x20, 0x92]),
      Buffer.from('s</p>'),
    ]);
    expect(await textOf(bytes)).toBe('Señor ’s');
  });

  it('lets a BOM beat the declared charset', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="windows-1252"><p>café</p>', 'utf8')]);
    expect(decodeHtml(bytes, 'x')).toContain('café');
  });

  it('detects the encoding when none is declared', async () => {
    expect(await textOf(Buffer.from('<p>Na\xefve</p>', 'latin1'))).toBe('Naïve');
    expect(await textOf(Buffer.from('<p>Naïve</p>', 'utf8'))).toBe('Naïve');
  });

  it('rejects a page without readable text', async () => {
    await expect(
      run('<html><head><title>Only a title</title><script>x()</script></head><body><nav>Menu</nav></body></html>', 'blank.html'),
    ).rejects.toMatchObject({
      code: 'ingest.empty_file',
      message: expect.stringContaining('/in/blank.html') as unknown,
    });
  });
});

describe('htmlToText', () => {
  it('breaks lines at block elements and keeps inline text together', () => {
    expect(htmlToText('<div>a<b>b</b>c</div><div>d</div>e<br><br>f<section><h2>g</h2>h</section>').text).toBe('abc\nd\ne\n\nf\n\ng\n\nh');
  });

  it('copes with unclosed and implied tags', () => {
    expect(htmlToText('<p>one<p>two<li>three<table><tr><td>x<td>y</table>').text).toBe('one\n\ntwo\nthree\n\nx\ty');
  });
});

describe('declaredCharset', () => {
  it('finds both declaration forms', () => {
    expect(declaredCharset(Buffer.from("<meta charset='UTF-8'>"))).toBe('utf-8');
    expect(declaredCharset(Buffer.from('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=koi8-r">'))).toBe('koi8-r');
    expect(declaredCharset(Buffer.from('<p>charset=utf-8</p>'))).toBeNull();
  });
});
