// The analyst dashboard: reads /v1/lists and /v1/stats from this origin and draws two SVG charts and a table.
// No framework and no third-party file; the charts are plain SVG built here, each with a text alternative.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
  var COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  // ISO 3166-2:UA subdivision names, so that bars read as places and not only as codes.
  var REGION_NAMES = {
    'UA-05': 'Vinnytsia', 'UA-07': 'Volyn', 'UA-09': 'Luhansk', 'UA-12': 'Dnipropetrovsk', 'UA-14': 'Donetsk',
    'UA-18': 'Zhytomyr', 'UA-21': 'Zakarpattia', 'UA-23': 'Zaporizhzhia', 'UA-26': 'Ivano-Frankivsk',
    'UA-30': 'Kyiv city', 'UA-32': 'Kyiv oblast', 'UA-35': 'Kirovohrad', 'UA-40': 'Sevastopol', 'UA-43': 'Crimea',
    'UA-46': 'Lviv', 'UA-48': 'Mykolaiv', 'UA-51': 'Odesa', 'UA-53': 'Poltava', 'UA-56': 'Rivne', 'UA-59': 'Sumy',
    'UA-61': 'Ternopil', 'UA-63': 'Kharkiv', 'UA-65': 'Kherson', 'UA-68': 'Khmelnytskyi', 'UA-71': 'Cherkasy',
    'UA-74': 'Chernivtsi', 'UA-77': 'Chernihiv'
  };

  var catalogue = [];          // [{id, vendor, ...}] from /v1/lists
  var colourOf = {};           // list id -> colour, stable for the page's life
  var generation = 0;          // drops answers to superseded requests
  var numberFormat = new Intl.NumberFormat('en-GB');

  function $(id) { return document.getElementById(id); }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function h(name, attrs, text) {
    var e = document.createElement(name);
    for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function pct(rate) { return (rate * 100).toFixed(1) + ' %'; }
  function regionLabel(code) { return REGION_NAMES[code] ? code + ' ' + REGION_NAMES[code] : code; }
  function suppressedText(k) { return 'withheld (k = ' + k + ')'; }

  function colour(list) {
    if (!colourOf[list]) {
      colourOf[list] = COLOURS[Object.keys(colourOf).length % COLOURS.length];
    }
    return colourOf[list];
  }

  function todayUtc() { return new Date().toISOString().slice(0, 10); }

  function addDays(day, n) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function daysBetween(from, to) {
    var out = [];
    for (var d = from, i = 0; d <= to && i < 400; d = addDays(d, 1), i++) { out.push(d); }
    return out;
  }

  // ---- state: the controls, mirrored in the address bar so a view can be bookmarked ----

  function readUrl() {
    var p = new URLSearchParams(location.search);
    var to = p.get('to') || todayUtc();
    $('country').value = (p.get('country') || 'UA').toUpperCase();
    $('to').value = to;
    $('from').value = p.get('from') || addDays(to, -29);
    var view = p.get('view') === 'day' ? 'day' : 'region';
    document.querySelector('input[name=view][value=' + view + ']').checked = true;
    return p.get('lists') ? p.get('lists').split(',') : null;
  }

  function selectedLists() {
    var boxes = document.querySelectorAll('#lists input[type=checkbox]');
    var on = [];
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { on.push(boxes[i].value); } }
    return { ids: on, all: on.length === boxes.length };
  }

  function state() {
    return {
      country: $('country').value.trim().toUpperCase(),
      from: $('from').value,
      to: $('to').value,
      lists: selectedLists(),
      view: document.querySelector('input[name=view]:checked').value
    };
  }

  function writeUrl(s) {
    var p = new URLSearchParams({ country: s.country, from: s.from, to: s.to, view: s.view });
    if (!s.lists.all) { p.set('lists', s.lists.ids.join(',')); }
    history.replaceState(null, '', '?' + p.toString());
  }

  function statsUrl(s, by, csv) {
    var p = new URLSearchParams({ country: s.country, from: s.from, to: s.to, by: by });
    if (s.lists.ids.length === 1) { p.set('list', s.lists.ids[0]); }
    if (csv) { p.set('format', 'csv'); }
    return '/v1/stats?' + p.toString();
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.text().then(function (body) {
        var json = null;
        try { json = JSON.parse(body); } catch (e) { /* not JSON */ }
        if (!r.ok) {
          throw new Error((json && json.error) || ('HTTP ' + r.status));
        }
        if (!json) { throw new Error('the server sent something other than JSON'); }
        return json;
      });
    });
  }

  // ---- lists ----

  function buildListChoices(initial) {
    var box = $('lists');
    box.textContent = '';
    catalogue.forEach(function (l) {
      var label = h('label', { title: l.description || '' });
      var input = h('input', { type: 'checkbox', name: 'list', value: l.id });
      input.checked = !initial || initial.indexOf(l.id) >= 0;
      label.appendChild(input);
      var sw = h('span', { 'class': 'swatch', 'aria-hidden': 'true' });
      sw.style.background = colour(l.id);
      label.appendChild(sw);
      label.appendChild(document.createTextNode(l.id + (l.vendor ? ' (' + l.vendor + ')' : '')));
      box.appendChild(label);
    });
    if (!catalogue.length) { box.textContent = 'No lists are known.'; }
  }

  function keepSelected(rows, s) {
    if (s.lists.all) { return rows; } // also keeps lists this server's catalogue does not know yet
    return rows.filter(function (r) { return s.lists.ids.indexOf(r.list) >= 0; });
  }

  // ---- the region bar chart ----

  function regionBars(rows) {
    // (region, list) -> mean of the unsuppressed daily rates, and how many days were suppressed
    var groups = {};
    rows.forEach(function (r) {
      var key = r.region + '\u0000' + r.list;
      var g = groups[key] || (groups[key] = { region: r.region, list: r.list, rates: [], suppressed: 0 });
      if (r.suppressed) { g.suppressed++; } else { g.rates.push(Number(r.exposureRate)); }
    });
    return Object.keys(groups).map(function (k) {
      var g = groups[k];
      var sum = g.rates.reduce(function (a, b) { return a + b; }, 0);
      g.rate = g.rates.length ? sum / g.rates.length : null;
      return g;
    }).sort(function (a, b) { return a.region < b.region ? -1 : a.region > b.region ? 1 : a.list < b.list ? -1 : 1; });
  }

  function drawRegionChart(rows, k) {
    var bars = regionBars(rows);
    var regions = [];
    bars.forEach(function (b) { if (regions.indexOf(b.region) < 0) { regions.push(b.region); } });
    var W = 760, left = 170, right = 190, barH = 16, gap = 4, groupGap = 12, top = 26;
    var maxRate = bars.reduce(function (m, b) { return b.rate !== null && b.rate > m ? b.rate : m; }, 0);
    var scaleMax = Math.min(1, niceCeiling(Math.max(maxRate, 0.01)));
    var plotW = W - left - right;
    var y = top, rowsOut = [];
    regions.forEach(function (region) {
      var mine = bars.filter(function (b) { return b.region === region; });
      var shown = mine.filter(function (b) { return b.rate !== null; });
      var hidden = mine.filter(function (b) { return b.rate === null; }).map(function (b) { return b.list; });
      rowsOut.push({ region: region, y: y, bars: shown, hidden: hidden });
      y += (shown.length + (hidden.length ? 1 : 0)) * (barH + gap) - gap + groupGap;
    });
    var H = Math.max(y + 4, 80);
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'region-title region-desc' });
    svg.appendChild(el('title', { id: 'region-title' }, 'Mean daily exposure rate by region and list'));
    var desc = [];
    var axis = el('g', { 'class': 'axis' });
    for (var t = 0; t <= 4; t++) {
      var x = left + plotW * t / 4;
      axis.appendChild(el('line', { x1: x, x2: x, y1: top - 6, y2: H - 4, 'class': 'grid' }));
      axis.appendChild(el('text', { x: x, y: 12, 'text-anchor': 'middle', 'class': 'tick' }, +(scaleMax * t / 4 * 100).toFixed(1) + ' %'));
    }
    svg.appendChild(axis);
    rowsOut.forEach(function (row) {
      var gy = row.y;
      svg.appendChild(el('text', { x: left - 8, y: gy + barH - 3, 'text-anchor': 'end', 'class': 'region' }, regionLabel(row.region)));
      row.bars.forEach(function (b, i) {
        var by = gy + i * (barH + gap);
        var w = Math.max(1, plotW * b.rate / scaleMax);
        var rect = el('rect', { x: left, y: by, width: w.toFixed(1), height: barH, rx: 2, fill: colour(b.list), 'class': 'bar',
          'data-region': b.region, 'data-list': b.list, 'data-rate': b.rate });
        var note = b.suppressed ? '; ' + b.suppressed + ' day(s) with ' + suppressedText(k) + ' left out' : '';
        rect.appendChild(el('title', {}, regionLabel(b.region) + ', ' + b.list + ': ' + pct(b.rate) + ' over ' + b.rates.length + ' day(s)' + note));
        svg.appendChild(rect);
        svg.appendChild(el('text', { x: left + w + 6, y: by + barH - 4, 'class': 'value' },
          b.list + ' ' + pct(b.rate) + (b.suppressed ? ' *' : '')));
        desc.push(regionLabel(b.region) + ', ' + b.list + ': ' + pct(b.rate) + note);
      });
      if (row.hidden.length) {
        // lists whose every day in the region is below k: one line, never a zero-length bar
        var sy = gy + row.bars.length * (barH + gap);
        svg.appendChild(el('text', { x: left + 4, y: sy + barH - 4, 'class': 'suppressed', 'data-region': row.region,
          'data-lists': row.hidden.join(',') }, row.hidden.join(', ') + ': ' + suppressedText(k)));
        desc.push(regionLabel(row.region) + ', ' + row.hidden.join(', ') + ': ' + suppressedText(k));
      }
    });
    if (!bars.length) {
      svg.appendChild(el('text', { x: W / 2, y: 50, 'text-anchor': 'middle', 'class': 'empty' }, 'No data for this country and period.'));
      desc.push('No data for this country and period.');
    }
    svg.insertBefore(el('desc', { id: 'region-desc' }, desc.join('. ')), svg.childNodes[1]);
    var box = $('region-chart');
    box.replaceChildren(svg);
    legend($('region-legend'), bars.filter(function (b) { return b.rate !== null; }).map(function (b) { return b.list; }),
      bars.some(function (b) { return b.suppressed && b.rate !== null; }) ? '* some days had ' + suppressedText(k) + ' and are left out' : '');
  }

  // ---- the line chart over days ----

  function drawDayChart(rows, s, k) {
    var days = daysBetween(s.from, s.to);
    var byList = {};
    rows.forEach(function (r) { (byList[r.list] || (byList[r.list] = {}))[r.day] = r; });
    var lists = Object.keys(byList).sort();
    var maxY = 0;
    rows.forEach(function (r) { if (!r.suppressed && r.installations > maxY) { maxY = r.installations; } });
    var niceMax = niceCeiling(Math.max(maxY, k));
    var W = 760, H = 300, left = 52, right = 16, top = 14, bottom = 46;
    var plotW = W - left - right, plotH = H - top - bottom;
    function xOf(i) { return left + (days.length === 1 ? plotW / 2 : plotW * i / (days.length - 1)); }
    function yOf(v) { return top + plotH - plotH * v / niceMax; }
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'day-title day-desc' });
    svg.appendChild(el('title', { id: 'day-title' }, 'Exposed installations per day, one line per list'));
    var desc = [];
    var axis = el('g', { 'class': 'axis' });
    for (var t = 0; t <= 4; t++) {
      var v = niceMax * t / 4, yy = yOf(v);
      axis.appendChild(el('line', { x1: left, x2: W - right, y1: yy, y2: yy, 'class': 'grid' }));
      axis.appendChild(el('text', { x: left - 6, y: yy + 4, 'text-anchor': 'end', 'class': 'tick' }, numberFormat.format(v)));
    }
    var every = Math.max(1, Math.ceil(days.length / 10));
    days.forEach(function (d, i) {
      if (i % every === 0 || i === days.length - 1) {
        axis.appendChild(el('text', { x: xOf(i), y: H - bottom + 18, 'text-anchor': 'middle', 'class': 'tick' }, d.slice(5)));
      }
    });
    axis.appendChild(el('text', { x: left + plotW / 2, y: H - 6, 'text-anchor': 'middle', 'class': 'tick' },
      'day (' + s.from.slice(0, 4) + ', UTC)'));
    svg.appendChild(axis);
    lists.forEach(function (list) {
      var pathD = '', pen = false, said = [];
      var points = el('g', { 'class': 'points', 'data-list': list });
      days.forEach(function (d, i) {
        var r = byList[list][d];
        if (!r) { pen = false; return; }
        if (r.suppressed) {
          pen = false;
          var m = el('rect', { x: xOf(i) - 4, y: top + plotH - 4, width: 8, height: 8, 'class': 'suppressed-point', 'data-day': d, 'data-list': list });
          m.appendChild(el('title', {}, list + ', ' + d + ': ' + suppressedText(k)));
          points.appendChild(m);
          said.push(d + ' ' + suppressedText(k));
          return;
        }
        pathD += (pen ? ' L' : ' M') + xOf(i).toFixed(1) + ' ' + yOf(r.installations).toFixed(1);
        pen = true;
        var c = el('circle', { cx: xOf(i).toFixed(1), cy: yOf(r.installations).toFixed(1), r: 3.5, fill: colour(list), 'class': 'point', 'data-day': d });
        c.appendChild(el('title', {}, list + ', ' + d + ': ' + r.installations + ' of ' + r.activeInstallations + ' installations'));
        points.appendChild(c);
        said.push(d + ' ' + r.installations);
      });
      var line = el('path', { d: pathD.trim() || 'M0 0', 'class': 'line', stroke: colour(list), 'data-list': list });
      if (!pathD) { line.setAttribute('visibility', 'hidden'); }
      svg.appendChild(line);
      svg.appendChild(points);
      desc.push(list + ': ' + said.join(', '));
    });
    if (!lists.length) {
      svg.appendChild(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'class': 'empty' }, 'No data for this country and period.'));
      desc.push('No data for this country and period.');
    }
    svg.insertBefore(el('desc', { id: 'day-desc' }, desc.join('. ')), svg.childNodes[1]);
    $('day-chart').replaceChildren(svg);
    legend($('day-legend'), lists.filter(function (l) {
      return Object.keys(byList[l]).some(function (d) { return !byList[l][d].suppressed; });
    }), rows.some(function (r) { return r.suppressed; }) ? '▫ on the axis: ' + suppressedText(k) : '');
  }

  function niceCeiling(v) {
    if (v <= 0) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  function legend(box, lists, note) {
    box.textContent = '';
    var seen = [];
    lists.forEach(function (l) {
      if (seen.indexOf(l) >= 0) { return; }
      seen.push(l);
      var item = h('span', {});
      var sw = h('span', { 'class': 'swatch', 'aria-hidden': 'true' });
      sw.style.background = colour(l);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(l));
      box.appendChild(item);
    });
    if (note) { box.appendChild(h('span', { 'class': 'muted' }, note)); }
  }

  // ---- the table ----

  var COLUMNS = [
    { key: 'installations', label: 'Exposed installations' },
    { key: 'activeInstallations', label: 'Reporting installations' },
    { key: 'exposureRate', label: 'Exposure rate' },
    { key: 'clients', label: 'LAN devices' },
    { key: 'queries', label: 'Queries' }
  ];

  // ---- the privacy statement ----

  function noiseText(privacy, column) {
    var sd = privacy && privacy.noiseStdDev ? privacy.noiseStdDev[column] : null;
    return sd === null || sd === undefined ? '' : '±' + numberFormat.format(sd);
  }

  function drawPrivacy(privacy, k) {
    var box = $('privacy');
    box.textContent = '';
    if (!privacy) { return; }
    box.appendChild(h('strong', {}, 'Privacy: '));
    box.appendChild(h('span', { 'class': 'epsilon', 'data-epsilon': privacy.epsilon },
      'ε = ' + privacy.epsilon + ' per installation and day'));
    box.appendChild(document.createTextNode(', δ = ' + privacy.delta + ' (' + privacy.mechanism + ' noise). '
      + 'A cell of this table is shown only when its noisy count of exposed installations is at least '
      + numberFormat.format(privacy.threshold) + ' (and never below k = ' + k + '). Typical noise (one standard '
      + 'deviation): exposed installations ' + noiseText(privacy, 'installations') + ', reporting installations '
      + noiseText(privacy, 'activeInstallations') + ', LAN devices ' + noiseText(privacy, 'clients')
      + ', queries ' + noiseText(privacy, 'queries') + '.'));
  }

  function drawTable(result, keys, k, privacy) {
    var table = $('stats');
    var head = h('tr');
    keys.forEach(function (key) { head.appendChild(h('th', { scope: 'col' }, key.charAt(0).toUpperCase() + key.slice(1))); });
    COLUMNS.forEach(function (c) { head.appendChild(h('th', { scope: 'col', 'class': 'num' }, c.label)); });
    table.tHead.replaceChildren(head);
    var body = document.createDocumentFragment();
    result.forEach(function (r) {
      var tr = h('tr', { 'data-day': r.day, 'data-region': r.region, 'data-list': r.list });
      keys.forEach(function (key, i) {
        var text = key === 'region' ? regionLabel(r.region) : r[key];
        tr.appendChild(h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, text));
      });
      if (r.suppressed) {
        tr.classList.add('suppressed');
        tr.appendChild(h('td', { colspan: COLUMNS.length, 'class': 'suppressed' }, suppressedText(k)));
      } else {
        COLUMNS.forEach(function (c) {
          var v = r[c.key];
          var text = v === null || v === undefined ? '–' : c.key === 'exposureRate' ? pct(Number(v)) : numberFormat.format(v);
          var td = h('td', { 'class': 'num ' + c.key, 'data-value': v }, text);
          var noise = c.key === 'exposureRate' ? '' : noiseText(privacy, c.key);
          if (noise) {
            td.appendChild(document.createTextNode(' '));
            td.appendChild(h('span', { 'class': 'noise', title: 'noise added: one standard deviation' }, noise));
          }
          tr.appendChild(td);
        });
      }
      body.appendChild(tr);
    });
    if (!result.length) {
      var empty = h('tr');
      empty.appendChild(h('td', { colspan: keys.length + COLUMNS.length, 'class': 'muted' }, 'No rows for this country and period.'));
      body.appendChild(empty);
    }
    table.tBodies[0].replaceChildren(body);
  }

  // ---- rebrand candidates ----

  // At most the last 31 days of the period: each day is one read of the raw reports.
  function candidatesUrl(s) {
    var from = daysBetween(s.from, s.to).length > 31 ? addDays(s.to, -30) : s.from;
    return '/v1/candidates?' + new URLSearchParams({ country: s.country, from: from, to: s.to }).toString();
  }

  function loadCandidates(s, mine) {
    var note = $('candidates-note');
    fetchJson(candidatesUrl(s)).then(function (doc) {
      if (mine !== generation) { return; }
      var body = document.createDocumentFragment();
      doc.candidates.forEach(function (c) {
        var tr = h('tr', { 'data-domain': c.domain });
        tr.appendChild(h('th', { scope: 'row' }, c.domain));
        tr.appendChild(h('td', {}, c.firstDay));
        tr.appendChild(h('td', {}, c.lastDay));
        tr.appendChild(h('td', { 'class': 'num days' }, String(c.days)));
        tr.appendChild(h('td', { 'class': 'num installations' }, String(c.maxInstallations)));
        body.appendChild(tr);
      });
      if (!doc.candidates.length) {
        var empty = h('tr');
        empty.appendChild(h('td', { colspan: 5, 'class': 'muted' }, 'No candidate reached k = ' + doc.k + ' installations on a day.'));
        body.appendChild(empty);
      }
      $('candidates').tBodies[0].replaceChildren(body);
      note.textContent = doc.country + ', ' + doc.from + ' to ' + doc.to + ': ' + doc.candidates.length
        + ' candidate(s) seen by at least k = ' + doc.k + ' installations on one day.';
    }).catch(function (e) {
      if (mine !== generation) { return; }
      note.textContent = 'Could not load the candidates: ' + e.message;
    });
  }

  // ---- loading ----

  function load() {
    var s = state();
    var err = $('error');
    if (!/^[A-Z]{2}$/.test(s.country) || !s.from || !s.to) {
      err.hidden = false;
      err.textContent = 'Enter a two-letter country code and both days.';
      return;
    }
    if (s.from > s.to) {
      err.hidden = false;
      err.textContent = '"From" must not be after "To".';
      return;
    }
    writeUrl(s);
    var mine = ++generation;
    $('status').textContent = 'Loading…';
    var tableBy = s.view === 'day' ? 'day,list' : 'day,region,list';
    $('csv').href = statsUrl(s, tableBy, true);
    $('csv').setAttribute('download', 'camsink-' + s.country + '-' + s.from + '-' + s.to + '.csv');
    $('csv-note').textContent = !s.lists.all && s.lists.ids.length > 1
      ? '(the CSV holds every list; the API filters one list at a time)' : '';
    loadCandidates(s, mine);
    Promise.all([fetchJson(statsUrl(s, 'day,region,list')), fetchJson(statsUrl(s, 'day,list'))])
      .then(function (answers) {
        if (mine !== generation) { return; }
        var regional = answers[0], daily = answers[1], k = regional.k;
        var regionRows = keepSelected(regional.rows, s), dayRows = keepSelected(daily.rows, s);
        err.hidden = true;
        document.querySelectorAll('.k').forEach(function (e) { e.textContent = k; });
        drawRegionChart(regionRows, k);
        drawDayChart(dayRows, s, k);
        var shown = s.view === 'day' ? dayRows : regionRows;
        var keys = s.view === 'day' ? ['day', 'list'] : ['day', 'region', 'list'];
        var privacy = s.view === 'day' ? daily.privacy : regional.privacy;
        drawTable(shown, keys, k, privacy);
        drawPrivacy(privacy, k);
        var epsilon = privacy ? privacy.epsilon : '?';
        $('stats-caption').textContent = 'Exposure in ' + s.country + ', ' + s.from + ' to ' + s.to + ', by ' + keys.join(', ')
          + '. ' + shown.length + ' published rows, with noise (ε = ' + epsilon + ' per installation and day); '
          + 'cells under the threshold are not published.';
        $('status').textContent = s.country + ', ' + s.from + ' to ' + s.to + ': ' + shown.length + ' rows, '
          + 'ε = ' + epsilon + ' (k = ' + k + ').';
      })
      .catch(function (e) {
        if (mine !== generation) { return; }
        err.hidden = false;
        err.textContent = 'Could not load the statistics: ' + e.message;
        $('status').textContent = '';
      });
  }

  function start() {
    var initialLists = readUrl();
    $('controls').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    $('controls').addEventListener('change', function () { load(); });
    fetchJson('/v1/lists')
      .then(function (doc) { catalogue = doc.lists || []; })
      .catch(function () { catalogue = []; })
      .then(function () {
        buildListChoices(initialLists);
        load();
      });
  }

  start();
}());
