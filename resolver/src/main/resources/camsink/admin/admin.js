// Keeps the status page current: every few seconds it fetches the page again and swaps in the <main> part,
// so the server-side rendering stays the only one. Without JavaScript a meta refresh does the same.
(function () {
  'use strict';
  var PERIOD_MS = 5000;
  var state = document.getElementById('refresh-state');
  var failures = 0;

  function localTimes(root) {
    var times = root.querySelectorAll('time[datetime]');
    for (var i = 0; i < times.length; i++) {
      var d = new Date(times[i].getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        times[i].title = times[i].textContent;
        times[i].textContent = d.toLocaleString();
      }
    }
  }

  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch('/', { cache: 'no-store', headers: { 'Accept': 'text/html' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        var live = document.getElementById('live');
        if (next && live) {
          localTimes(next);
          live.replaceChildren.apply(live, Array.prototype.slice.call(next.childNodes));
        }
        failures = 0;
        state.classList.remove('stale');
        state.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every ' + PERIOD_MS / 1000 + ' s.';
      })
      .catch(function (e) {
        failures++;
        state.classList.add('stale');
        state.textContent = 'Could not refresh (' + e.message + '); the figures below may be out of date.';
      });
  }

  localTimes(document);
  setInterval(refresh, PERIOD_MS);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) { refresh(); } });
}());
