/**
 * Small client scripts, served from /static/*.js (the CSP allows scripts from
 * 'self' only, never inline). Pages work without them; they add keyboard
 * reading, the page-image viewer's zoom and pan (buttons, +/-/0, drag, arrow
 * keys when zoomed), the page-text toggle and copy buttons. Plain ES2017, no
 * build step. Zoom sets sizes through the CSSOM (el.style), which the CSP's
 * style-src allows; inline style attributes would not be.
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
  // The page-image viewer: zoom levels per page, 1 = fit the column.
  var ZOOMS = [1, 1.5, 2, 3, 4];
  var figures = Array.prototype.slice.call(reader.querySelectorAll('figure.page-image'));
  function zoomOf(fig) { return Number(fig.getAttribute('data-zoom')) || 1; }
  function setZoom(fig, z) {
    var vp = fig.querySelector('.viewport');
    var box = fig.querySelector('.zoom-box');
    var old = zoomOf(fig);
    z = Math.max(ZOOMS[0], Math.min(ZOOMS[ZOOMS.length - 1], z));
    if (z === old) return;
    // Keep the point at the centre of the view where it is.
    var cx = (vp.scrollLeft + vp.clientWidth / 2) / box.offsetWidth;
    var cy = (vp.scrollTop + vp.clientHeight / 2) / box.offsetHeight;
    if (old === 1) vp.style.height = vp.clientHeight + 'px';
    box.style.width = z * 100 + '%';
    fig.setAttribute('data-zoom', String(z));
    var label = fig.querySelector('.zoom-level');
    if (z === 1) {
      vp.style.height = '';
      vp.classList.remove('zoomed');
      vp.removeAttribute('tabindex');
      vp.removeAttribute('aria-label');
      if (label) label.textContent = 'Fit';
    } else {
      vp.classList.add('zoomed');
      // A scrollable region must be reachable by keyboard.
      vp.setAttribute('tabindex', '0');
      vp.setAttribute('role', 'group');
      vp.setAttribute('aria-label', 'Page image zoomed to ' + Math.round(z * 100) + '%; arrow keys pan');
      if (label) label.textContent = Math.round(z * 100) + '%';
      vp.scrollLeft = cx * box.offsetWidth - vp.clientWidth / 2;
      vp.scrollTop = cy * box.offsetHeight - vp.clientHeight / 2;
    }
    if (status) status.textContent = 'Page ' + fig.getAttribute('data-page') + ' image: ' + (z === 1 ? 'fit to column' : Math.round(z * 100) + '%');
  }
  function stepZoom(fig, step) {
    if (step === 0) return setZoom(fig, 1);
    var z = zoomOf(fig);
    var i = ZOOMS.indexOf(z);
    if (i < 0) i = 0;
    setZoom(fig, ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + step))]);
  }
  function currentFigure() {
    var a = document.activeElement;
    var inFig = a && a.closest ? a.closest('figure.page-image') : null;
    if (inFig) return inFig;
    var page = pages[current() - 1];
    return page ? page.querySelector('figure.page-image') : null;
  }
  figures.forEach(function (fig) {
    var tools = fig.querySelector('.zoom-tools');
    if (tools) tools.hidden = false;
    fig.querySelectorAll('button[data-zoom-step]').forEach(function (b) {
      b.addEventListener('click', function () { stepZoom(fig, Number(b.getAttribute('data-zoom-step'))); });
    });
    var vp = fig.querySelector('.viewport');
    var drag = null;
    vp.addEventListener('pointerdown', function (e) {
      if (zoomOf(fig) === 1 || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: vp.scrollLeft, top: vp.scrollTop };
      vp.classList.add('dragging');
      vp.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    vp.addEventListener('pointermove', function (e) {
      if (!drag) return;
      vp.scrollLeft = drag.left - (e.clientX - drag.x);
      vp.scrollTop = drag.top - (e.clientY - drag.y);
    });
    function end() { drag = null; vp.classList.remove('dragging'); }
    vp.addEventListener('pointerup', end);
    vp.addEventListener('pointercancel', end);
    vp.addEventListener('dragstart', function (e) { e.preventDefault(); });
  });
  // The page-text toggle: the image alone, full width, or with its text beside it.
  var toggle = document.getElementById('toggle-text');
  if (toggle && figures.length) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var on = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(on));
      reader.classList.toggle('text-hidden', !on);
    });
  }
  var PAN = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
    var fig = figures.length ? currentFigure() : null;
    if (fig && (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '_' || e.key === '0')) {
      stepZoom(fig, e.key === '0' ? 0 : e.key === '+' || e.key === '=' ? 1 : -1);
      e.preventDefault();
      return;
    }
    if (fig && zoomOf(fig) > 1 && PAN[e.key]) {
      var vp = fig.querySelector('.viewport');
      var d = PAN[e.key];
      vp.scrollLeft += d[0] * vp.clientWidth * 0.2;
      vp.scrollTop += d[1] * vp.clientHeight * 0.2;
      e.preventDefault();
      return;
    }
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
