/**
 * Small client scripts, served from /static/*.js (the CSP allows scripts from
 * 'self' only, never inline). Pages work without them; they add keyboard
 * reading and copy buttons. Plain ES2017, no build step.
 */
export const readerJs = `(function () {
  'use strict';
  var reader = document.getElementById('reader');
  // Copy buttons (citations): shown only when the clipboard is available.
  document.querySelectorAll('button.copy[data-copy]').forEach(function (btn) {
    if (!navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      var src = document.getElementById(btn.getAttribute('data-copy'));
      if (!src) return;
      navigator.clipboard.writeText(src.textContent || '').then(function () {
        var label = btn.textContent;
        btn.textContent = 'Copied';
        setTimeout(function () { btn.textContent = label; }, 1500);
      });
    });
  });
  if (!reader) return;
  var pages = Array.prototype.slice.call(reader.querySelectorAll('section.page'));
  var status = document.getElementById('reader-status');
  var keys = document.getElementById('reader-keys');
  if (keys) keys.hidden = false;
  var hits = Array.prototype.slice.call(reader.querySelectorAll('mark.hit'));
  var hitIndex = -1;
  function current() {
    var m = /^#page-(\\d+)$/.exec(location.hash);
    if (m) return Number(m[1]);
    var best = 1;
    pages.forEach(function (p, i) { if (p.getBoundingClientRect().top < 120) best = i + 1; });
    return best;
  }
  function mark(n) {
    reader.querySelectorAll('.thumbs a[data-page]').forEach(function (a) {
      if (a.getAttribute('data-page') === String(n)) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    });
    if (status) status.textContent = 'Page ' + n + ' of ' + pages.length;
  }
  function go(n) {
    if (n < 1 || n > pages.length) return;
    var target = pages[n - 1];
    history.replaceState(null, '', '#page-' + n);
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
    mark(n);
  }
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
    if (e.key === 'ArrowRight' || e.key === 'j') { go(current() + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'k') { go(current() - 1); e.preventDefault(); }
    else if ((e.key === 'n' || e.key === 'N') && hits.length) {
      hitIndex = (hitIndex + (e.key === 'n' ? 1 : hits.length - 1)) % hits.length;
      var h = hits[hitIndex];
      h.setAttribute('tabindex', '-1');
      h.focus();
      var page = h.closest('section.page');
      if (page) mark(Number(page.id.slice(5)));
      if (status) status.textContent = 'Highlight ' + (hitIndex + 1) + ' of ' + hits.length;
      e.preventDefault();
    }
  });
  window.addEventListener('hashchange', function () { var n = current(); mark(n); });
  // Arriving from a search without a page anchor: show the first hit.
  if (!location.hash && hits.length) {
    var first = hits[0].closest('section.page');
    if (first) { first.scrollIntoView({ block: 'start' }); mark(Number(first.id.slice(5))); }
  } else {
    mark(current());
  }
})();
`;
