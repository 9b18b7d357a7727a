/*
 * Vitals console: live updates of the page in view over Server-Sent Events. The page is whole without
 * this script; the script only keeps it current: rows change in place, counts follow, and the list of
 * what is wrong is fetched again when a state changes. No framework, no inline script (the CSP allows
 * only files from /assets).
 */
(function () {
  'use strict';

  var live = document.getElementById('live');
  if (!live || !window.EventSource) {
    return;
  }
  var SVG = 'http://www.w3.org/2000/svg';
  var body = document.body;

  function say(text) {
    live.textContent = text;
  }

  function setStatus(span, d) {
    if (!span) {
      return;
    }
    span.className = 'status status-' + d.state;
    var icon = span.querySelector('.icon');
    var word = span.querySelector('.word');
    if (icon) {
      icon.textContent = d.icon;
    }
    if (word) {
      word.textContent = d.state;
    }
  }

  function setText(root, selector, text) {
    var el = root.querySelector(selector);
    if (el && el.textContent !== text) {
      el.textContent = text;
    }
  }

  function setSpark(root, d) {
    var svg = root.querySelector('svg.sparkline');
    if (!svg) {
      return;
    }
    var line = svg.querySelector('polyline.spark-line');
    if (line) {
      line.setAttribute('points', d.spark);
    }
    var title = svg.querySelector('title');
    if (title) {
      title.textContent = d.sparkTitle;
    }
    svg.setAttribute('aria-label', d.sparkTitle);
    var downs = svg.querySelector('g.spark-downs');
    if (downs) {
      while (downs.firstChild) {
        downs.removeChild(downs.firstChild);
      }
      d.downs.forEach(function (x) {
        var l = document.createElementNS(SVG, 'line');
        l.setAttribute('class', 'spark-down');
        l.setAttribute('x1', x);
        l.setAttribute('x2', x);
        l.setAttribute('y1', 15);
        l.setAttribute('y2', 24);
        downs.appendChild(l);
      });
    }
  }

  function onRow(e) {
    var d = JSON.parse(e.data);
    var nodes = document.querySelectorAll('[data-id]');
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.getAttribute('data-id') !== d.id) {
        continue;
      }
      var changed = n.getAttribute('data-state') !== d.state;
      n.setAttribute('data-state', d.state);
      setStatus(n.querySelector('span.status'), d);
      setText(n, '.reason', d.reason);
      setText(n, '.since', d.since);
      setText(n, '.latency', d.latency);
      setText(n, '.avail-24h', d.day);
      setText(n, '.avail-30d', d.month);
      setSpark(n, d);
      var cell = n.querySelector('td.status');
      if (cell) {
        cell.setAttribute('title', d.reason);
      }
      if (n.id === 'state') {
        setText(document, '#reason', d.reason);
        setText(document, 'dd.latency', d.latency);
        setText(document, 'dd.avail-24h', d.day);
        setText(document, 'dd.avail-30d', d.month);
      }
      if (changed) {
        n.classList.add('changed');
        say(d.id + ' is now ' + d.state + '.');
      }
    }
  }

  function onCounts(e) {
    var d = JSON.parse(e.data);
    Object.keys(d).forEach(function (state) {
      var li = document.querySelector('#counts li[data-state="' + state + '"] .count');
      if (li) {
        li.textContent = d[state];
      }
    });
  }

  var refetching = false;
  function onProblems() {
    if (refetching) {
      return;
    }
    refetching = true;
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) {
        return r.ok ? r.text() : Promise.reject(new Error(String(r.status)));
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('problems-list');
        var old = document.getElementById('problems-list');
        if (fresh && old) {
          old.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () {
        say('Could not refresh the list; reload the page.');
      })
      .then(function () {
        refetching = false;
      });
  }

  var source = new EventSource(live.getAttribute('data-events'));
  source.addEventListener('open', function () {
    body.setAttribute('data-live', 'connected');
    live.setAttribute('title', 'This page updates itself.');
  });
  source.addEventListener('error', function () {
    body.setAttribute('data-live', source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    if (source.readyState === EventSource.CLOSED) {
      say('Live updates stopped; reload the page.');
    }
  });
  source.addEventListener('row', onRow);
  source.addEventListener('counts', onCounts);
  source.addEventListener('problems', onProblems);
})();
