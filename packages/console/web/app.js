// The wxbot console page: hash routes, one Server-Sent Events stream, plain DOM (no framework).
import { el, FormError, renderForm } from './forms.js';

const state = {
  login: undefined,
  status: undefined,
  chats: [],
  plugins: [],
  pluginsManaged: false,
  sandbox: undefined,
  logs: [],
  messages: new Map(),
  currentChat: undefined,
  logLevel: 30,
  live: false,
  pluginResults: new Map(),
};
const pages = {};
let view = { name: '', update: () => {} };

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const res = await fetch(`/api${path}`, {
    ...init,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-wxbot-console': '1' },
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.error ?? `${res.status} ${res.statusText}`);
    err.code = data.code;
    throw err;
  }
  return data;
}

const fmtTime = (ms) => (ms ? new Date(ms).toLocaleTimeString() : '—');
function fmtDuration(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

// ── Login ───────────────────────────────────────────────────────────────────────────────
const PHASE_TEXT = {
  starting: 'Starting…',
  qr: 'Waiting: scan this QR code with WeChat on your phone.',
  scanned: 'Scanned. Confirm the login on your phone.',
  'verify-code': 'Type the number shown on your phone.',
  'qr-expired': 'This QR code can no longer be used.',
  'logged-in': 'Logged in.',
  'logged-out': 'The session ended.',
};
const QR_ENDED = {
  expired: 'expired',
  lifetime: 'was not confirmed in time',
  verify_code_blocked: 'was blocked after too many wrong codes',
};
pages.login = (root) => {
  const box = el('div', { class: 'card', id: 'login' });
  root.append(el('h2', {}, 'Login'), box);
  const update = () => {
    const v = state.login;
    if (!v) return;
    const parts = [el('p', { id: 'login-phase', 'data-phase': v.phase }, PHASE_TEXT[v.phase] ?? v.phase)];
    if (v.phase === 'qr-expired' || (v.phase === 'qr' && v.expiredBefore)) {
      const why = QR_ENDED[v.qrEndedBy] ?? QR_ENDED.expired;
      const next = v.phase === 'qr' ? `; this is QR code #${v.attempt}` : '; waiting for a new one';
      parts.push(
        el(
          'p',
          { id: 'login-expired', class: 'bad', 'data-reason': v.qrEndedBy ?? 'expired' },
          `${v.phase === 'qr' ? 'The previous QR code' : 'The QR code'} ${why}${next}.`,
        ),
      );
    }
    if (v.redirectedTo && v.phase !== 'logged-in') {
      parts.push(
        el(
          'p',
          { id: 'login-redirect', class: 'muted' },
          `Your account is served by another data centre (${v.redirectedTo}); the login goes on there.`,
        ),
      );
    }
    if (v.phase === 'qr' && v.qrSvg) {
      const src = `data:image/svg+xml;base64,${btoa(v.qrSvg)}`;
      parts.push(el('div', { class: 'qr', id: 'qr' }, el('img', { src, alt: 'login QR code' })));
    }
    if (v.phase === 'verify-code') {
      const input = el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', name: 'code' });
      const result = el('span', { class: 'result' });
      parts.push(
        el(
          'form',
          {
            id: 'verify-form',
            class: 'send',
            onsubmit: (e) => {
              e.preventDefault();
              api('/login/verify-code', { code: input.value }).catch((err) => {
                result.textContent = err.message;
              });
            },
          },
          v.verifyWrong ? el('span', { class: 'bad' }, 'That code was wrong; try again.') : null,
          input,
          el('button', { class: 'primary' }, 'Send'),
          result,
        ),
      );
    }
    if (v.phase === 'logged-in') {
      parts.push(el('p', { id: 'login-account' }, `Account: ${v.account ?? '?'} (${v.method ?? 'session'})`));
    }
    if (v.logoutReason) {
      parts.push(
        el(
          'p',
          { id: 'logout-reason', class: 'bad', 'data-kind': v.logoutKind },
          `Ended by the server${v.logoutCode !== undefined && v.logoutCode !== null ? ` (code ${v.logoutCode})` : ''}: ${v.logoutReason}`,
        ),
        el(
          'p',
          { class: 'muted' },
          v.willRelogin
            ? 'The bot logs in again by itself.'
            : 'The bot will not re-scan by itself: run `wxbot login` to scan a new QR code, then start it again.',
        ),
      );
    }
    box.replaceChildren(...parts);
  };
  update();
  return { update, on: ['login'] };
};

const TRANSPORTS = { web: 'Web WeChat', ilink: 'iLink' };
function budgetRow(row, b) {
  if (!b) return row('budget', 'Daily send budget', 'off');
  const cls = b.used >= b.limit ? 'bad' : b.used >= b.limit * 0.8 ? 'warn' : 'ok';
  return row('budget', 'Daily send budget', `${b.used} / ${b.limit} today`, cls);
}
// ── Status ──────────────────────────────────────────────────────────────────────────────
pages.status = (root) => {
  const box = el('div', { id: 'status', class: 'grid' });
  root.append(el('h2', {}, 'Status'), box);
  const row = (field, name, value, cls) =>
    el('tr', { 'data-field': field }, el('th', {}, name), el('td', { class: cls }, value));
  const update = () => {
    const s = state.status;
    if (!s) return;
    const caps = s.capabilities ?? {};
    const syncAge = s.lastSyncAt ? Date.now() - s.lastSyncAt : undefined;
    const healthy = s.loggedIn && s.receiving && syncAge !== undefined && syncAge < 120000;
    const general = el(
      'table',
      {},
      row('transport', 'Transport', `${TRANSPORTS[s.transport] ?? s.transport} (${s.transport})`),
      row('account', 'Account', s.account ?? '—'),
      row('login', 'Logged in', s.loggedIn ? 'yes' : 'no', s.loggedIn ? 'ok' : 'bad'),
      row(
        'sync',
        'Sync',
        healthy
          ? `healthy (last ${fmtTime(s.lastSyncAt)})`
          : s.lastSyncAt
            ? `last ${fmtTime(s.lastSyncAt)}`
            : 'not yet',
        healthy ? 'ok' : 'bad',
      ),
      row('uptime', 'Uptime', fmtDuration(s.uptimeMs)),
      row('groups', 'Groups', caps.groups ? 'yes' : 'no (this transport has none)'),
    );
    const traffic = el(
      'table',
      {},
      row('in', 'Received', s.messagesIn),
      row('handled', 'Handled', s.messagesHandled),
      row('out', 'Sent', s.messagesOut),
      row('failed', 'Send failures', s.sendFailures, s.sendFailures ? 'bad' : ''),
      row('outbox', 'Outbox queue', s.outboxDepth),
      row('rate', 'Send rate', `${s.sentLastMinute} / min`),
      budgetRow(row, s.sendBudget),
      row('pending', 'Waiting to be handled', s.dispatcherPending),
      ...Object.entries(s.more ?? {}).map(([k, v]) => row(k, k, String(v))),
    );
    const plugins = el(
      'table',
      { id: 'plugin-status' },
      s.plugins.length === 0 ? el('tr', {}, el('td', { class: 'muted' }, 'no plugins')) : null,
      s.plugins.map((p) =>
        el(
          'tr',
          { 'data-plugin': p.name },
          el('th', {}, p.name),
          el('td', { class: `state-${p.state}` }, p.state, p.error ? ` — ${p.error}` : ''),
          el('td', { class: 'muted' }, p.reloads ? `${p.reloads} reload(s)` : ''),
        ),
      ),
    );
    const cards = [
      el('div', { class: 'card' }, general),
      el('div', { class: 'card' }, traffic),
      el('div', { class: 'card' }, el('h3', {}, 'Plugins'), plugins),
    ];
    if (caps.replyWindowMs || caps.perTurnQuota) {
      cards.push(
        el(
          'div',
          { class: 'card', id: 'windows' },
          el('h3', {}, 'Reply windows'),
          el(
            'p',
            { class: 'muted' },
            `Replies within ${fmtDuration(caps.replyWindowMs ?? 0)} of a message, ${caps.perTurnQuota ?? '?'} per turn.`,
          ),
          el(
            'table',
            {},
            s.conversations.length === 0
              ? el('tr', {}, el('td', { class: 'muted' }, 'Nobody has written yet.'))
              : null,
            s.conversations.map((c) => {
              const open = c.windowOpen;
              const tr = row(
                c.chat,
                c.name,
                open
                  ? `open, closes at ${fmtTime(c.windowEndsAt)} · ${c.quotaLeft} of ${caps.perTurnQuota ?? '?'} left this turn`
                  : 'closed until they write again',
                open && c.quotaLeft > 0 ? 'ok' : 'bad',
              );
              tr.dataset.window = open ? 'open' : 'closed';
              tr.dataset.quotaLeft = String(c.quotaLeft);
              return tr;
            }),
          ),
        ),
      );
    }
    box.replaceChildren(...cards);
  };
  update();
  return { update, on: ['status'] };
};

// ── Chats ───────────────────────────────────────────────────────────────────────────────
function messageEl(m) {
  return el(
    'div',
    {
      class: `msg${m.self ? ' self' : ''}${m.failed ? ' failed' : ''}`,
      'data-kind': m.kind,
      'data-id': m.id,
    },
    m.self ? null : el('span', { class: 'who' }, m.from),
    m.text,
    m.image ? el('img', { src: m.image, alt: 'image', loading: 'lazy' }) : null,
    m.failed ? el('span', { class: 'who bad' }, `not sent: ${m.failed}`) : null,
  );
}

async function loadMessages(chatId) {
  if (!state.messages.has(chatId))
    state.messages.set(chatId, await api(`/chats/${encodeURIComponent(chatId)}/messages`));
  return state.messages.get(chatId);
}

function conversation(getChat) {
  const list = el('div', { class: 'messages' });
  const show = async () => {
    const id = getChat();
    if (!id) return list.replaceChildren(el('p', { class: 'muted' }, 'No messages yet.'));
    const messages = await loadMessages(id);
    if (id !== getChat()) return;
    list.replaceChildren(...messages.map(messageEl));
    list.scrollTop = list.scrollHeight;
  };
  const add = (m) => {
    if (m.chat !== getChat()) return;
    if (list.querySelector(`[data-id="${CSS.escape(m.id)}"]`)) return;
    list.querySelector('p.muted')?.remove();
    list.append(messageEl(m));
    list.scrollTop = list.scrollHeight;
  };
  return { element: list, show, add };
}

pages.chats = (root) => {
  const listBox = el('div', { class: 'chat-list' });
  const title = el('h3', { id: 'chat-title' }, 'Pick a chat');
  const convo = conversation(() => state.currentChat);
  const input = el('input', {
    type: 'text',
    id: 'send-text',
    placeholder: 'Message as the bot…',
    autocomplete: 'off',
  });
  const result = el('span', { class: 'result muted', id: 'send-result' });
  const form = el(
    'form',
    {
      class: 'send',
      id: 'send-form',
      onsubmit: (e) => {
        e.preventDefault();
        const text = input.value;
        if (!state.currentChat || !text.trim()) return;
        api('/send', { to: state.currentChat, text }).then(
          () => {
            input.value = '';
            result.textContent = 'queued (paced by the outbox)';
            result.dataset.code = '';
          },
          (err) => {
            result.textContent = err.code ? `Refused (${err.code}): ${err.message}` : err.message;
            result.dataset.code = err.code ?? '';
          },
        );
      },
    },
    input,
    el('button', { class: 'primary' }, 'Send'),
  );
  const picker = el('select', { id: 'new-chat' }, el('option', { value: '' }, 'New chat…'));
  picker.addEventListener('change', () => {
    if (picker.value) open(picker.value, picker.selectedOptions[0].textContent);
  });
  api('/contacts').then(
    (contacts) => picker.append(...contacts.map((c) => el('option', { value: c.id }, c.name))),
    () => {},
  );
  const open = (id, name) => {
    state.currentChat = id;
    title.textContent = name ?? state.chats.find((c) => c.id === id)?.name ?? id;
    renderList();
    convo.show();
  };
  const renderList = () => {
    listBox.replaceChildren(
      picker,
      ...state.chats.map((c) =>
        el(
          'button',
          { 'data-chat': c.id, class: c.id === state.currentChat ? 'active' : '', onclick: () => open(c.id) },
          c.isGroup ? '👥 ' : '',
          c.name,
          el('small', {}, c.lastText),
        ),
      ),
    );
  };
  root.append(
    el('h2', {}, 'Chats'),
    el('div', { class: 'chats' }, listBox, el('div', {}, title, convo.element, form, result)),
  );
  renderList();
  if (state.currentChat) open(state.currentChat);
  return {
    on: ['message'],
    update: (event) => {
      renderList();
      if (event?.message) convo.add(event.message);
    },
  };
};

// ── Plugins ─────────────────────────────────────────────────────────────────────────────
function pluginCard(p) {
  const result = el('div', { class: 'result' });
  const show = (node, r) => {
    node.className = `result ${r.ok ? 'ok' : 'bad'}`;
    node.textContent = r.text;
  };
  // Kept across redraws, and written into the card on the page now: the list may have been
  // redrawn (the change it reports landed) before the answer came back.
  const say = (text, ok) => {
    state.pluginResults.set(p.name, { text, ok });
    const live = document.querySelector(`.plugin[data-plugin="${CSS.escape(p.name)}"] .result`) ?? result;
    show(live, { text, ok });
  };
  const last = state.pluginResults.get(p.name);
  if (last) show(result, last);
  const act = (path, body) =>
    api(`/plugins/${encodeURIComponent(p.name)}/${path}`, body).then(
      (r) => say(r.message ?? 'done', true),
      (err) => say(err.message, false),
    );
  const managed = state.pluginsManaged && p.source !== '(loaded in code)';
  const form = managed && p.enabled ? renderForm(p.jsonSchema, p.options) : undefined;
  return el(
    'div',
    { class: 'card plugin', 'data-plugin': p.name },
    el('h3', {}, p.name, ' ', el('span', { class: `state-${p.state}`, 'data-state': p.state }, p.state)),
    el('p', { class: 'muted' }, p.source, p.reloads ? ` · ${p.reloads} reload(s)` : ''),
    p.error ? el('p', { class: 'error' }, p.error) : null,
    managed
      ? el(
          'div',
          {},
          el(
            'button',
            { class: 'toggle', onclick: () => act('enabled', { enabled: !p.enabled }) },
            p.enabled ? 'Disable' : 'Enable',
          ),
          ' ',
          p.enabled ? el('button', { class: 'reload', onclick: () => act('reload', {}) }, 'Reload') : null,
        )
      : el('p', { class: 'muted' }, 'Managed by the program.'),
    form
      ? el(
          'form',
          {
            class: 'options',
            onsubmit: (e) => {
              e.preventDefault();
              let options;
              try {
                options = form.read() ?? {};
              } catch (err) {
                return say(err instanceof FormError ? err.message : String(err), false);
              }
              act('options', { options });
            },
          },
          el('h4', {}, 'Options'),
          form.element,
          el('button', { class: 'primary save' }, 'Save and apply'),
        )
      : null,
    result,
  );
}

pages.plugins = (root) => {
  const box = el('div', { id: 'plugins' });
  root.append(el('h2', {}, 'Plugins'), box);
  const update = () =>
    box.replaceChildren(
      ...(state.plugins.length
        ? state.plugins.map(pluginCard)
        : [el('p', { class: 'muted' }, 'No plugins.')]),
    );
  update();
  return { update, on: ['plugins'] };
};

// ── Logs ────────────────────────────────────────────────────────────────────────────────
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
function logEl(e) {
  return el(
    'div',
    { class: `log lv-${e.level}`, 'data-level': e.level },
    `${fmtTime(e.time)} ${LEVELS[e.level] ?? e.level} ${e.source ? `[${e.source}] ` : ''}${e.msg}${e.extra ? ` ${e.extra}` : ''}`,
  );
}
pages.logs = (root) => {
  const list = el('div', { class: 'logs', id: 'logs' });
  const select = el(
    'select',
    { id: 'log-level' },
    Object.entries(LEVELS).map(([n, name]) =>
      el('option', { value: n, selected: Number(n) === state.logLevel }, `${name} and above`),
    ),
  );
  const render = () => {
    list.replaceChildren(...state.logs.filter((e) => e.level >= state.logLevel).map(logEl));
    list.scrollTop = list.scrollHeight;
  };
  select.addEventListener('change', () => {
    state.logLevel = Number(select.value);
    render();
  });
  root.append(el('h2', {}, 'Logs'), el('p', {}, select), list);
  render();
  return {
    on: ['log'],
    update: (entry) => {
      if (!entry || entry.level < state.logLevel) return;
      list.append(logEl(entry));
      list.scrollTop = list.scrollHeight;
    },
  };
};

// ── Sandbox ─────────────────────────────────────────────────────────────────────────────
pages.sandbox = (root) => {
  root.append(el('h2', {}, 'Sandbox'));
  const cast = state.sandbox;
  if (!cast) {
    root.append(el('p', { class: 'muted' }, 'Start wxbot with --sandbox to chat as simulated people.'));
    return { on: [], update: () => {} };
  }
  const speakers = [
    ...cast.friends.map((f) => ({ label: f, as: f })),
    ...cast.groups.flatMap((g) =>
      g.members.map((m) => ({ label: `${m} @ ${g.name}`, as: m, group: g.name })),
    ),
  ];
  let chat;
  const select = el(
    'select',
    { id: 'sb-speaker' },
    speakers.map((s, i) => el('option', { value: i }, s.label)),
  );
  const convo = conversation(() => chat);
  const pickChat = () => {
    const s = speakers[Number(select.value)];
    const name = s.group ?? s.as;
    chat =
      cast.chats?.[name] ?? state.chats.find((c) => c.name === name || c.name.startsWith(`${name} (`))?.id;
    convo.show();
  };
  select.addEventListener('change', pickChat);
  const input = el('input', {
    type: 'text',
    id: 'sb-text',
    placeholder:
      cast.groups.length > 0
        ? 'Say something to the bot… (@bot mentions it in a group)'
        : 'Say something to the bot…',
    autocomplete: 'off',
  });
  const result = el('span', { class: 'result muted', id: 'sb-result' });
  const form = el(
    'form',
    {
      class: 'send',
      id: 'sb-form',
      onsubmit: (e) => {
        e.preventDefault();
        const s = speakers[Number(select.value)];
        if (!input.value.trim()) return;
        api('/sandbox/say', { as: s.as, group: s.group, text: input.value }).then(
          (r) => {
            input.value = '';
            result.textContent = '';
            if (r.chat && r.chat !== chat) {
              chat = r.chat;
              state.messages.delete(chat);
              convo.show();
            }
          },
          (err) => {
            result.textContent = err.message;
          },
        );
      },
    },
    el('label', {}, 'Speak as ', select),
    input,
    el('button', { class: 'primary', id: 'sb-send' }, 'Say'),
  );
  root.append(
    el(
      'p',
      { class: 'muted' },
      cast.groups.length > 0
        ? 'You are a simulated friend or group member; the bot answers as it would on WeChat.'
        : 'You are the simulated person who writes to the bot (direct messages only); it answers as it would on WeChat.',
    ),
    form,
    result,
    convo.element,
  );
  pickChat();
  return { on: ['message'], update: (event) => event?.message && convo.add(event.message) };
};

// ── Wiring ──────────────────────────────────────────────────────────────────────────────
function route() {
  const name =
    location.hash.replace(/^#\/?/, '') || (state.login?.phase === 'logged-in' ? 'status' : 'login');
  const page = pages[name] ? name : 'login';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page);
  const root = document.getElementById('page');
  root.replaceChildren();
  root.dataset.page = page;
  view = { name: page, ...pages[page](root) };
}

function notify(kind, payload) {
  if (view.on?.includes(kind)) view.update(payload);
}

function connect() {
  const source = new EventSource('/api/events');
  const conn = document.getElementById('conn');
  source.addEventListener('hello', () => {
    conn.textContent = 'live';
    conn.classList.add('live');
    document.body.dataset.live = '1';
  });
  source.addEventListener('error', () => {
    conn.textContent = 'reconnecting…';
    conn.classList.remove('live');
    document.body.dataset.live = '0';
  });
  source.addEventListener('login', (e) => {
    state.login = JSON.parse(e.data);
    notify('login');
  });
  source.addEventListener('status', (e) => {
    state.status = JSON.parse(e.data);
    notify('status');
  });
  source.addEventListener('message', (e) => {
    const { message, chat } = JSON.parse(e.data);
    const known = state.messages.get(message.chat);
    if (known && !known.some((m) => m.id === message.id)) known.push(message);
    state.chats = [chat, ...state.chats.filter((c) => c.id !== chat.id)];
    notify('message', { message, chat });
  });
  source.addEventListener('log', (e) => {
    const entry = JSON.parse(e.data);
    state.logs.push(entry);
    if (state.logs.length > 1000) state.logs.shift();
    notify('log', entry);
  });
  source.addEventListener('plugins', (e) => {
    state.plugins = JSON.parse(e.data);
    notify('plugins');
  });
}

async function boot() {
  const initial = await api('/state');
  Object.assign(state, initial);
  state.logs = await api('/logs');
  document.getElementById('nav-sandbox').hidden = !state.sandbox;
  window.addEventListener('hashchange', route);
  route();
  connect();
}

boot().catch((err) => {
  document
    .getElementById('page')
    .replaceChildren(el('p', { class: 'error' }, `The console could not load: ${err.message}`));
});
