// The cockpit UI: chat with streamed replies and the route taken, live vehicle
// state from /v1/events, and proactive suggestion cards. No build step.
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const state = {
    lang: localStorage.getItem('dm.lang') || 'zh',
    key: localStorage.getItem('dm.key') || '',
    signals: {},
    names: {},  // path -> {zh, en}, from the server; only these paths are shown
    suggestions: new Map(),
  };
  const t = (k) => (window.DM_I18N[state.lang] || window.DM_I18N.zh)[k] || k;

  // Signal groups: which paths each panel shows (regular expressions).
  const GROUPS = [
    { key: 'climate', re: /^Vehicle\.Cabin\.HVAC\.(Station\.Row\d\.\w+\.(Temperature|FanSpeed)|IsAirConditioningActive|IsRecirculationActive)$/ },
    { key: 'windows', re: /^Vehicle\.Cabin\.(Door\.Row\d\.\w+\.Window\.(Position|IsOpen)|Sunroof\.Position)$/ },
    { key: 'seats', re: /^Vehicle\.Cabin\.Seat\.Row\d\.\w+\.(Heating|HeatingCooling|Massage|Position|Backrest\.Recline)$/ },
    { key: 'lights', re: /^Vehicle\.(Body\.Lights\.[\w.]+\.IsOn|Cabin\.Light\.[\w.]+\.IsLightOn|Cabin\.Light\.AmbientLight\.[\w.]+\.IsLightOn)$/ },
    { key: 'media', re: /^Media\.(Player\.State|Volume\.\w+|Request\.(Song|Artist|Station))$/ },
    { key: 'driving', re: /^Vehicle\.Speed$/ },
  ];

  function authHeaders(extra) {
    const h = Object.assign({}, extra || {});
    if (state.key) h.Authorization = 'Bearer ' + state.key;
    return h;
  }

  function label(path) {
    const named = t('signals')[path] || (state.names[path] && state.names[path][state.lang]);
    if (named) return named;
    const zones = t('zones');
    let text = path.replace(/^Vehicle\.(Cabin\.|Body\.)?/, '').replace(/^Media\./, '');
    const entries = Object.entries(zones).sort((a, b) => b[0].length - a[0].length);
    for (const [zone, name] of entries) text = text.replace(zone, name);
    return text.replace(/\.Window\.Position$/, '').replace(/\.Window\.IsOpen$/, ' ⇅').replace(/^(HVAC\.Station\.|Door\.|Seat\.)/, '');
  }

  function format(value) {
    if (typeof value === 'boolean') return value ? t('on') : t('off');
    if (value === null || value === undefined) return '—';
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
    return String(value);
  }

  // ---- vehicle state ----
  function renderGroups() {
    const root = $('#groups');
    root.textContent = '';
    for (const g of GROUPS) {
      const paths = Object.keys(state.signals).filter((p) => g.re.test(p)).sort();
      if (!paths.length) continue;
      const box = document.createElement('div');
      box.className = 'group';
      box.dataset.group = g.key;
      const h = document.createElement('h3');
      h.textContent = t(g.key);
      box.appendChild(h);
      for (const p of paths) {
        const row = document.createElement('div');
        row.className = 'signal';
        row.dataset.path = p;
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = label(p);
        const val = document.createElement('span');
        val.className = 'value';
        row.append(name, val);
        if (g.key === 'windows' && p.endsWith('Position')) {
          const bar = document.createElement('span');
          bar.className = 'bar';
          bar.appendChild(document.createElement('i'));
          row.appendChild(bar);
        }
        box.appendChild(row);
      }
      root.appendChild(box);
    }
    for (const p of Object.keys(state.signals)) updateSignal(p, state.signals[p], false);
  }

  function updateSignal(path, value, flash) {
    state.signals[path] = value;
    const row = document.querySelector(`.signal[data-path="${CSS.escape(path)}"]`);
    if (!row) return;
    row.querySelector('.value').textContent = format(value);
    row.dataset.value = JSON.stringify(value);
    const bar = row.querySelector('.bar i');
    if (bar && typeof value === 'number') bar.style.width = Math.max(0, Math.min(100, value)) + '%';
    if (flash) {
      row.classList.remove('changed');
      void row.offsetWidth;
      row.classList.add('changed');
    }
  }

  // ---- suggestions ----
  function renderSuggestions() {
    const list = $('#suggestions');
    list.textContent = '';
    for (const s of state.suggestions.values()) {
      const li = document.createElement('li');
      li.className = 'suggestion';
      li.dataset.id = s.id;
      li.dataset.rule = s.rule;
      const text = document.createElement('p');
      text.textContent = (state.lang === 'en' ? s.text_en : s.text_zh) || s.text;
      const accept = document.createElement('button');
      accept.className = 'accept';
      accept.textContent = t('accept');
      accept.onclick = () => answerSuggestion(s.id, 'accept');
      const dismiss = document.createElement('button');
      dismiss.className = 'dismiss';
      dismiss.textContent = t('dismiss');
      dismiss.onclick = () => answerSuggestion(s.id, 'dismiss');
      li.append(text, accept, dismiss);
      list.appendChild(li);
    }
    $('#no-suggestions').hidden = state.suggestions.size > 0;
  }

  async function answerSuggestion(id, verb) {
    const res = await fetch(`/v1/suggestions/${encodeURIComponent(id)}/${verb}`, {
      method: 'POST', headers: authHeaders(),
    });
    const body = await res.json().catch(() => ({}));
    state.suggestions.delete(id);
    renderSuggestions();
    if (res.ok && verb === 'accept') addMessage('system', t('accepted') + ': ' + (body.calls || []).map((c) => c.name).join(', '));
    if (!res.ok) addMessage('system', t('error') + ': ' + ((body.error && body.error.message) || res.status));
  }

  // ---- chat ----
  function addMessage(role, text, route) {
    const li = document.createElement('li');
    li.className = 'msg ' + role;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text || '';
    li.appendChild(body);
    if (route) setRoute(li, route);
    $('#messages').appendChild(li);
    li.scrollIntoView({ block: 'end' });
    return li;
  }

  function setRoute(li, route) {
    let badge = li.querySelector('.route');
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'route';
      li.appendChild(badge);
    }
    badge.dataset.route = route;
    badge.textContent = t('route_' + route);
  }

  async function send(utterance) {
    addMessage('user', utterance);
    const reply = addMessage('assistant', '');
    reply.classList.add('pending');
    const text = reply.querySelector('.text');
    try {
      const res = await fetch('/v1/assistant/turn', {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
        body: JSON.stringify({ utterance, stream: true, session: 'ui' }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error((body.error && body.error.message) || String(res.status));
      }
      await window.readSse(res, (ev) => {
        if (ev.data === '[DONE]') return;
        const data = JSON.parse(ev.data);
        if (ev.event === 'reply') text.textContent += data.delta;
        else if (ev.event === 'act') {
          text.textContent = data.reply;
          reply.dataset.act = ev.data;
          setRoute(reply, data.route);
          for (const c of data.changes || []) updateSignal(c.path, c.to, true);
        } else if (ev.event === 'error') throw new Error(data.error.message);
      });
    } catch (err) {
      text.textContent = t('error') + ': ' + err.message;
      reply.classList.add('failed');
    } finally {
      reply.classList.remove('pending');
    }
  }

  // ---- events ----
  function setConn(s) {
    const el = $('#conn');
    el.dataset.state = s;
    el.textContent = t(s);
  }

  async function listen() {
    for (;;) {
      setConn('connecting');
      try {
        const res = await fetch('/v1/events', { headers: authHeaders({ Accept: 'text/event-stream' }) });
        if (res.status === 401) { askKey(); return; }
        if (!res.ok) throw new Error(String(res.status));
        setConn('connected');
        await window.readSse(res, onEvent);
      } catch (err) {
        // fall through to retry
      }
      setConn('disconnected');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function onEvent(ev) {
    const data = JSON.parse(ev.data);
    if (ev.event === 'snapshot') {
      state.signals = Object.assign({}, data.state.signals);
      state.names = data.state.names || {};
      renderGroups();
      state.suggestions = new Map(data.suggestions.map((s) => [s.id, s]));
      renderSuggestions();
    } else if (ev.event === 'state') {
      for (const c of data.changes) {
        if (c.path in state.signals) updateSignal(c.path, c.to, true);
      }
    } else if (ev.event === 'suggestion') {
      state.suggestions.set(data.id, data);
      renderSuggestions();
    } else if (ev.event === 'suggestion_closed') {
      state.suggestions.delete(data.id);
      renderSuggestions();
    } else if (ev.event === 'lagged') {
      refreshState();
    }
  }

  async function refreshState() {
    const res = await fetch('/v1/vehicle/state', { headers: authHeaders() });
    if (res.status === 401) return askKey();
    if (!res.ok) return;
    const body = await res.json();
    state.signals = body.signals;
    state.names = body.names || {};
    renderGroups();
  }

  function askKey() {
    const input = $('#api-key');
    input.hidden = false;
    input.placeholder = t('key');
    input.onchange = () => {
      state.key = input.value.trim();
      localStorage.setItem('dm.key', state.key);
      input.hidden = true;
      listen();
    };
  }

  function applyLang() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    $('#utterance').placeholder = t('placeholder');
    $('#lang').textContent = t('langButton');
    setConn($('#conn').dataset.state);
    for (const b of document.querySelectorAll('.route')) b.textContent = t('route_' + b.dataset.route);
    renderGroups();
    renderSuggestions();
  }

  $('#lang').onclick = () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('dm.lang', state.lang);
    applyLang();
  };
  $('#composer').onsubmit = (e) => {
    e.preventDefault();
    const u = $('#utterance').value.trim();
    if (!u) return;
    $('#utterance').value = '';
    send(u);
  };
  applyLang();
  listen();
})();
