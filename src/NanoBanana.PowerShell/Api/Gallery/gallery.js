(function () {
  'use strict';
  var grid = document.getElementById('grid');
  var items = Array.prototype.slice.call(grid.querySelectorAll('.item'));
  var eager = /(^|[?&])load=all(&|$)/.test(location.search.slice(1));

  // Each thumbnail records its decoded width, so a saved or dumped page shows which images loaded.
  items.forEach(function (item) {
    var img = item.querySelector('img');
    var loaded = function () { img.setAttribute('data-natural-width', String(img.naturalWidth)); };
    var broken = function () { img.setAttribute('data-natural-width', '0'); item.classList.add('broken'); };
    if (img.complete && img.naturalWidth > 0) { loaded(); } else {
      img.addEventListener('load', loaded);
      img.addEventListener('error', broken);
    }
    if (eager) { img.loading = 'eager'; }
  });

  // The filter: narrows the grid to the images whose prompt (or file name) contains the text; #filter=... sets it.
  var tools = document.getElementById('tools');
  var box = document.getElementById('filter');
  var shown = document.getElementById('shown');
  tools.hidden = false;
  var textOf = function (item) { return item.querySelector('.prompt').textContent.toLowerCase(); };
  var apply = function () {
    var query = box.value.trim().toLowerCase();
    var count = 0;
    items.forEach(function (item) {
      var hit = query === '' || textOf(item).indexOf(query) >= 0;
      item.hidden = !hit;
      if (hit) { count++; }
    });
    shown.textContent = query === '' ? '' : count + ' of ' + items.length + ' shown';
  };
  var fromHash = /^#filter=(.*)$/.exec(location.hash);
  if (fromHash) {
    try { box.value = decodeURIComponent(fromHash[1]); } catch (e) { box.value = fromHash[1]; }
  }
  box.addEventListener('input', function () {
    apply();
    try {
      history.replaceState(null, '', box.value ? '#filter=' + encodeURIComponent(box.value) : location.pathname + location.search);
    } catch (e) { /* some browsers refuse history changes on file: pages */ }
  });
  apply();

  // The large view: a click shows the image large with its whole caption; Esc, a click outside or x closes it.
  var viewer = document.createElement('div');
  viewer.className = 'viewer';
  viewer.hidden = true;
  viewer.setAttribute('role', 'dialog');
  viewer.setAttribute('aria-modal', 'true');
  var close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  close.textContent = '\u00d7';
  var frame = document.createElement('figure');
  var large = document.createElement('img');
  frame.appendChild(large);
  viewer.appendChild(close);
  viewer.appendChild(frame);
  document.body.appendChild(viewer);
  var hide = function () {
    viewer.hidden = true;
    large.removeAttribute('src');
  };
  var show = function (item) {
    var link = item.querySelector('.thumb');
    var old = frame.querySelector('figcaption');
    if (old) { frame.removeChild(old); }
    large.src = link.getAttribute('href');
    large.alt = item.querySelector('img').alt;
    frame.appendChild(item.querySelector('figcaption').cloneNode(true));
    viewer.hidden = false;
    close.focus();
  };
  grid.addEventListener('click', function (event) {
    var link = event.target.closest('.thumb');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    show(link.closest('.item'));
  });
  viewer.addEventListener('click', function (event) {
    if (event.target === viewer || event.target === close) { hide(); }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !viewer.hidden) { hide(); }
  });
})();
