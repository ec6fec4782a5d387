// The gateway dashboard: renders each snapshot of GET /v1/edge/events (server-sent events; the session cookie
// authenticates it) into tables and two uPlot charts. Text goes in with textContent only: model ids and reasons come
// from files and clients, never as markup.
'use strict';

(function () {
  const palette = { edge: '#16a34a', cloud: '#2563eb' };
  const extra = ['#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4b5563'];
  const charts = { rps: null, latency: null, key: '' };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  function bytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
  }

  function num(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }

  function ago(iso, now) {
    if (!iso) return 'never';
    const s = Math.max(0, (Date.parse(now) - Date.parse(iso)) / 1000);
    return s < 90 ? s.toFixed(0) + ' s ago' : (s / 60).toFixed(0) + ' min ago';
  }

  function colour(placement, index) { return palette[placement] || extra[index % extra.length]; }

  function renderModels(stats) {
    const body = document.querySelector('#models tbody');
    body.replaceChildren();
    for (const m of stats.models) {
      const row = el('tr', null, { 'data-model': m.id, 'data-state': m.state });
      row.append(
        el('td', m.parent ? m.id + ' (on ' + m.parent + ')' : m.id),
        (() => { const td = el('td'); td.append(el('span', m.state, { class: 'badge state' })); if (m.failure) td.title = m.failure; return td; })(),
        el('td', bytes(m.bytes), { class: 'num' }),
        el('td', m.pinned ? 'pinned' : ''),
        el('td', m.in_flight, { class: 'num' }),
        el('td', m.requests_served, { class: 'num', 'data-field': 'served' }),
        el('td', m.requests_seen, { class: 'num' }),
        el('td', num(m.context_value, 3), { class: 'num' }),
        el('td', m.demonstrations, { class: 'num' }),
        el('td', num(m.demand, 3), { class: 'num' }),
        el('td', ago(m.last_use, stats.time)));
      body.append(row);
    }

    const budget = document.getElementById('budget');
    budget.replaceChildren();
    for (const m of stats.models.filter(x => x.state === 'loaded' || x.state === 'loading')) {
      const part = el('div', null, { title: m.id + ': ' + bytes(m.bytes), class: m.state === 'loading' ? 'loading' : (m.pinned ? 'pinned' : '') });
      part.style.width = (100 * m.bytes / stats.budget_bytes).toFixed(2) + '%';
      budget.append(part);
    }

    document.getElementById('budget-text').textContent =
      bytes(stats.used_bytes) + ' of ' + bytes(stats.budget_bytes) + ' (' + (100 * stats.used_bytes / stats.budget_bytes).toFixed(0) + ' %)';
  }

  function renderTraffic(stats) {
    const traffic = stats.traffic;
    document.getElementById('window').textContent = traffic.window_seconds;
    const body = document.querySelector('#placements tbody');
    body.replaceChildren();
    for (const p of traffic.placements) {
      const row = el('tr', null, { 'data-placement': p.placement });
      row.append(
        el('td', p.placement), el('td', p.requests, { class: 'num', 'data-field': 'requests' }), el('td', num(p.per_second, 2), { class: 'num' }),
        el('td', num(p.ttft_ms.p50, 1), { class: 'num' }), el('td', num(p.ttft_ms.p95, 1), { class: 'num' }), el('td', num(p.ttft_ms.p99, 1), { class: 'num' }),
        el('td', num(p.latency_ms.p50, 1), { class: 'num' }), el('td', num(p.latency_ms.p95, 1), { class: 'num' }), el('td', num(p.latency_ms.p99, 1), { class: 'num' }));
      body.append(row);
    }

    renderCharts(traffic);
  }

  function renderCharts(traffic) {
    const series = traffic.series;
    const names = traffic.placements.map(p => p.placement);
    const count = series.requests[names[0]].length;
    const xs = Array.from({ length: count }, (_, i) => series.end - (count - 1 - i) * series.step_seconds);
    const points = series.latency_p50_ms[names[0]].length;
    const lx = Array.from({ length: points }, (_, i) => series.end - (points - 1 - i) * series.latency_step_seconds);
    const rpsData = [xs, ...names.map(n => series.requests[n])];
    const latencyData = [lx, ...names.map(n => series.latency_p50_ms[n])];
    const key = names.join(',');
    if (typeof uPlot === 'undefined') return;
    if (charts.key !== key) {
      // A new placement (a peer) appeared: build the charts again with one series per placement.
      for (const c of [charts.rps, charts.latency]) if (c) c.destroy();
      const width = Math.max(280, document.getElementById('rps-chart').clientWidth || 480);
      const lines = (spanGaps) => names.map((n, i) => ({ label: n, stroke: colour(n, i), width: 2, spanGaps, points: { show: spanGaps, size: 5 } }));
      charts.rps = new uPlot({ width, height: 180, series: [{}, ...lines(false)], axes: [{}, { label: 'req/s' }], scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } } }, rpsData, document.getElementById('rps-chart'));
      charts.latency = new uPlot({ width, height: 180, series: [{}, ...lines(true)], axes: [{}, { label: 'ms' }], scales: { y: { range: (u, min, max) => [0, Math.max(1, max === null ? 1 : max)] } } }, latencyData, document.getElementById('latency-chart'));
      charts.key = key;
    } else {
      charts.rps.setData(rpsData);
      charts.latency.setData(latencyData);
    }
  }

  function renderEvents(stats) {
    const list = document.getElementById('events');
    list.replaceChildren();
    if (stats.events.length === 0) list.append(el('li', 'No loads or evictions yet.', { class: 'muted' }));
    for (const e of stats.events) {
      const item = el('li', null, { 'data-kind': e.kind, 'data-model': e.model, 'data-sequence': e.sequence });
      item.append(el('time', new Date(e.time).toLocaleTimeString(), { datetime: e.time }), el('span', e.kind, { class: 'kind' }), el('strong', e.model));
      const detail = [e.bytes ? bytes(e.bytes) : '', e.reason].filter(Boolean).join(' · ');
      if (detail) item.append(document.createTextNode(' ' + detail));
      list.append(item);
    }
  }

  function renderCloud(stats) {
    const cloud = stats.cloud;
    const badge = document.getElementById('circuit');
    badge.dataset.circuit = cloud.circuit;
    badge.textContent = cloud.configured ? 'cloud circuit: ' + cloud.circuit : 'no cloud';
    const list = document.getElementById('cloud');
    list.replaceChildren();
    const rows = [['circuit breaker', cloud.configured ? cloud.circuit : 'no cloud configured']];
    for (const [result, n] of Object.entries(cloud.attempts)) rows.push(['attempts ' + result, n]);
    rows.push(['edge fallbacks', cloud.fallbacks], ['queue depth', stats.queue_depth]);
    for (const [k, v] of rows) list.append(el('dt', k), el('dd', v));
  }

  function render(stats) {
    document.getElementById('summary').textContent =
      stats.role + ' · cache policy ' + stats.policy + ' · placement ' + stats.placement_policy + ' · ' + new Date(stats.time).toLocaleTimeString();
    renderModels(stats);
    renderTraffic(stats);
    renderEvents(stats);
    renderCloud(stats);
    document.body.dataset.updated = stats.time;
  }

  function setStatus(text) {
    const status = document.getElementById('status');
    status.dataset.status = text;
    status.textContent = text;
  }

  function connect() {
    const source = new EventSource('/v1/edge/events');
    source.addEventListener('stats', (message) => {
      setStatus('live');
      render(JSON.parse(message.data));
    });
    source.onerror = () => {
      setStatus('reconnecting');
      // An expired session makes every retry fail: back to the sign-in form.
      fetch('/v1/edge/stats', { credentials: 'same-origin' }).then(r => { if (r.status === 401) { source.close(); window.location.assign('/dashboard'); } }, () => {});
    };
  }

  document.addEventListener('DOMContentLoaded', connect);
})();
