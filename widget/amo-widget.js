/*
 * Assistant AMO : widget de conversation à intégrer dans un portail.
 *   <script src="/widget/amo-widget.js" data-server="https://assistant.exemple.fr"
 *           data-title="Assistant AMO" data-color="#1f4e8c"
 *           data-contact="<contact humain du portail>" defer></script>
 * JavaScript simple (ES2017), sans dépendance ni étape de construction.
 * Transport : canal REST de Rasa (HTTP sans état, voir widget/README.md).
 * Le texte du robot est construit avec createElement/textContent, jamais innerHTML.
 */
(() => {
  'use strict';

  const script = document.currentScript || document.querySelector('script[src*="amo-widget.js"]');
  if (!script || window.amoWidget) return;

  const data = script.dataset;
  const SERVER = (data.server || 'http://localhost:5005').replace(/\/+$/, '');
  const WEBHOOK = SERVER + '/webhooks/rest/webhook';
  const TITLE = data.title || 'Assistant AMO';
  const KEY = 'amo-widget:v1:' + SERVER;      // une conversation par serveur
  const MAX_MESSAGES = 200;
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  const TIMEOUT_MS = 45000;
  const FULL_SCREEN = '(max-width: 30em), (max-height: 32em)';   // même requête que la CSS
  const NB = '\u00a0';                         // espace insécable (typographie française)

  /* ---------- Contact du pied de panneau (data-contact, réglage du portail) ---------- */

  // contact:start — même règle que l'assistant (actions/common.py, is_placeholder) :
  // une valeur vide ou d'exemple (« exemple » ou « example » comme mot, numéro
  // fictif 01 23 45 67 89) n'est pas un contact et n'est jamais affichée.
  const EXAMPLE_WORD = /(^|[^a-z])(exemple|example)(?![a-z])/i;
  const FICTITIOUS_PHONES = ['0123456789', '33123456789', '0000000000'];
  function realContact(value) {
    const text = (value || '').trim();
    if (!text || EXAMPLE_WORD.test(text) || FICTITIOUS_PHONES.includes(text.replace(/\D/g, ''))) return '';
    return text;
  }
  // contact:end

  /* ---------- Stockage : transcription + file d'envoi, dans une seule clé ---------- */

  const memoryStore = new Map();               // repli si localStorage est indisponible
  const store = (() => {
    try {
      localStorage.setItem(KEY + ':test', '1');
      localStorage.removeItem(KEY + ':test');
      return localStorage;
    } catch (e) {
      return { getItem: (k) => memoryStore.get(k) || null, setItem: (k, v) => memoryStore.set(k, v) };
    }
  })();

  function newId() {                           // 128 bits aléatoires, en hexadécimal
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function freshState() {
    return { sender: newId(), messages: [], queue: [], open: false };
  }

  function load() {
    try {
      const s = JSON.parse(store.getItem(KEY));
      if (s && /^[0-9a-f]{32}$/.test(s.sender) && Array.isArray(s.messages) && Array.isArray(s.queue)) return s;
    } catch (e) { /* état illisible : on repart de zéro */ }
    const s = freshState();
    save(s);
    return s;
  }

  function save(s) {
    s.messages = s.messages.slice(-MAX_MESSAGES);
    try { store.setItem(KEY, JSON.stringify(s)); } catch (e) { /* quota : on garde l'affichage */ }
  }

  // Lire, modifier, écrire, afficher : toujours à partir de l'état stocké
  // (un autre onglet du portail a pu le changer).
  function update(change) {
    const s = load();
    change(s);
    save(s);
    render(s);
    return s;
  }

  /* ---------- DOM ---------- */

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function attrs(node, values) {
    for (const [name, value] of Object.entries(values)) node.setAttribute(name, value);
    return node;
  }

  function icon(pathData) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = attrs(document.createElementNS(ns, 'svg'), {
      viewBox: '0 0 24 24', width: '24', height: '24', 'aria-hidden': 'true', focusable: 'false', class: 'amo-w__icon',
    });
    svg.appendChild(attrs(document.createElementNS(ns, 'path'), { d: pathData }));
    return svg;
  }

  function button(className, text, onClick) {
    const b = el('button', className, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  /* ---------- Texte du robot : texte brut + **gras**, listes « - », liens ---------- */

  const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)|\b(https?:\/\/[^\s<>()"]*[^\s<>()"'.,;:!?»])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

  function link(href, label) {
    let url = null;
    try { url = new URL(href); } catch (e) { /* adresse relative ou invalide */ }
    if (!url || !['http:', 'https:', 'mailto:'].includes(url.protocol)) return document.createTextNode(label);
    const a = el('a', 'amo-w__link', label);
    a.href = url.href;
    a.rel = 'noopener noreferrer';
    if (url.protocol !== 'mailto:') {
      a.target = '_blank';
      a.appendChild(el('span', 'amo-w__sr', ' (nouvelle fenêtre)'));
    }
    return a;
  }

  function inline(parent, text) {
    let last = 0;
    for (const m of text.matchAll(INLINE)) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) inline(parent.appendChild(el('strong')), m[1]);
      else if (m[2] !== undefined) parent.appendChild(link(m[3], m[2]));
      else if (m[4] !== undefined) parent.appendChild(link(m[4], m[4]));
      else parent.appendChild(link('mailto:' + m[5], m[5]));
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  function rich(text) {
    const frag = document.createDocumentFragment();
    let list = null;
    let para = null;
    for (const line of String(text).split(/\r?\n/)) {
      const item = /^\s*[-*•]\s+(.*)$/.exec(line);
      if (item) {
        list = list || frag.appendChild(el('ul'));
        para = null;
        inline(list.appendChild(el('li')), item[1]);
      } else if (!line.trim()) {
        list = para = null;
      } else {
        list = null;
        if (para) para.appendChild(el('br'));
        else para = frag.appendChild(el('p'));
        inline(para, line);
      }
    }
    return frag;
  }

  /* ---------- Construction du widget ---------- */

  const root = attrs(el('aside', 'amo-w'), { lang: 'fr', dir: 'ltr', 'aria-label': TITLE });
  root.hidden = true;                          // visible quand la feuille de style est chargée

  const launcher = attrs(button('amo-w__launcher', null, () => (isOpen() ? close(true) : open(true))), {
    'aria-expanded': 'false', 'aria-controls': 'amo-w-panel',
  });
  launcher.append(
    icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z'),
    el('span', 'amo-w__launcher-text', TITLE),
  );

  const panel = attrs(el('div', 'amo-w__panel'), { id: 'amo-w-panel', role: 'dialog', 'aria-labelledby': 'amo-w-title' });
  panel.hidden = true;

  const header = el('div', 'amo-w__header');
  const title = attrs(el('h2', 'amo-w__title', TITLE), { id: 'amo-w-title' });
  const restartButton = button('amo-w__tool', 'Nouvelle conversation', restart);
  const closeButton = attrs(button('amo-w__tool amo-w__close', null, () => close(true)), { 'aria-label': "Fermer l'assistant" });
  closeButton.appendChild(icon('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z'));
  header.append(title, restartButton, closeButton);

  const log = attrs(el('div', 'amo-w__log'), {
    role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation', tabindex: '0',
  });
  const intro = el('div', 'amo-w__intro');
  intro.append(rich(
    "Je vous aide à décider s'il faut recourir à un assistant à maîtrise d'ouvrage (AMO), et comment s'y prendre. "
    + `Écrivez votre question, ou commencez${NB}:`,
  ));
  const startButton = button('amo-w__reply', 'Commencer', () => send('Bonjour', 'Bonjour'));
  intro.appendChild(startButton);
  log.appendChild(intro);

  const statusBar = el('div', 'amo-w__statusbar');
  const dots = attrs(el('span', 'amo-w__dots'), { 'aria-hidden': 'true' });
  dots.append(el('span'), el('span'), el('span'));
  const status = attrs(el('p', 'amo-w__status'), { role: 'status' });
  const retryButton = button('amo-w__tool amo-w__retry', 'Réessayer maintenant', () => {
    input.focus();                             // le bouton disparaîtra au retour de la connexion
    wakeUp();
  });
  retryButton.hidden = true;
  statusBar.append(dots, status, retryButton);

  const form = el('form', 'amo-w__form');
  const label = attrs(el('label', 'amo-w__sr', 'Votre message'), { for: 'amo-w-input' });
  const input = attrs(el('input', 'amo-w__input'), {
    id: 'amo-w-input', type: 'text', autocomplete: 'off', maxlength: '500', enterkeyhint: 'send',
  });
  const sendButton = attrs(el('button', 'amo-w__send', 'Envoyer'), { type: 'submit' });
  form.append(label, input, sendButton);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text, text);
  });

  const footer = el('div', 'amo-w__footer');
  footer.appendChild(el('p', null, `Assistant automatique${NB}: une aide à la décision, pas un conseil juridique.`));
  const contact = el('p', 'amo-w__contact', `Parler à une personne${NB}: `);
  const contactValue = realContact(data.contact);
  if (contactValue) {
    footer.appendChild(inline(contact, contactValue));
  } else {
    contact.append('demandez à l\'assistant vers qui vous tourner.');
    footer.appendChild(contact);
  }

  panel.append(header, log, statusBar, form, footer);
  root.append(launcher, panel);

  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });

  /* ---------- Couleur d'accentuation (data-color), contrastes garantis ---------- */

  function luminance(rgb) {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [la, lb] = [luminance(a), luminance(b)];
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function applyColor(value) {
    const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || '').trim());
    if (!m) return;
    const hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    const rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const white = [255, 255, 255];
    const dark = [27, 27, 27];
    const bubble = [238, 241, 245];            // --amo-bot-bg, le fond le plus sombre des liens
    let text = rgb;                            // version assombrie, lisible sur ces fonds (≥ 4,5:1)
    while (contrast(text, bubble) < 4.5) text = text.map((v) => Math.floor(v * 0.92));
    const toCss = (c) => `rgb(${c.join(' ')})`;
    // CSSOM : autorisé par « style-src 'self' » (seuls les attributs style et <style> sont bloqués).
    root.style.setProperty('--amo-accent', toCss(rgb));
    root.style.setProperty('--amo-on-accent', contrast(rgb, white) >= contrast(rgb, dark) ? '#fff' : '#1b1b1b');
    root.style.setProperty('--amo-accent-text', toCss(text));
  }
  applyColor(data.color);

  /* ---------- Affichage ---------- */

  const nodes = new Map();                     // id de message -> élément affiché
  let offline = false;
  let notice = '';                             // message d'état passager (« Connexion rétablie. »)
  let noticeTimer = 0;

  function isOpen() { return !panel.hidden; }

  function messageNode(m, previous) {
    const node = el('div', `amo-w__msg amo-w__msg--${m.from}`);
    node.dataset.id = m.id;
    const who = m.from === 'user' ? 'Vous' : m.from === 'bot' ? TITLE : null;
    if (who && (!previous || previous.from !== m.from)) node.appendChild(el('span', 'amo-w__sr', `${who}${NB}: `));
    if (m.text) {
      const bubble = el('div', 'amo-w__bubble');
      if (m.from === 'user') bubble.textContent = m.text;
      else bubble.appendChild(rich(m.text));
      node.appendChild(bubble);
    }
    if (m.from === 'user') {
      const pending = el('span', 'amo-w__pending', "En attente d'envoi");
      pending.hidden = true;
      node.appendChild(pending);
    }
    return node;
  }

  function replies(m) {
    const group = attrs(el('div', 'amo-w__replies'), { role: 'group', 'aria-label': 'Réponses proposées' });
    for (const b of m.buttons) {
      if (b && typeof b.title === 'string' && typeof b.payload === 'string') {
        group.appendChild(button('amo-w__reply', b.title, () => send(b.payload, b.display || b.title)));
      }
    }
    return group;
  }

  function render(s) {
    const ids = new Set(s.messages.map((m) => m.id));
    for (const [id, node] of nodes) {
      if (!ids.has(id)) { node.remove(); nodes.delete(id); }
    }
    let firstNew = null;
    let previous = null;
    for (const m of s.messages) {
      if (!nodes.has(m.id)) {
        const node = messageNode(m, previous);
        log.appendChild(node);
        nodes.set(m.id, node);
        firstNew = firstNew || node;
      }
      previous = m;
    }
    // Réponses proposées : seulement celles du dernier tour du robot.
    let lastUser = -1;
    s.messages.forEach((m, i) => { if (m.from === 'user') lastUser = i; });
    s.messages.forEach((m, i) => {
      const node = nodes.get(m.id);
      const group = node.querySelector('.amo-w__replies');
      if (i < lastUser && group) group.remove();
      if (i > lastUser && !group && Array.isArray(m.buttons) && m.buttons.length) node.appendChild(replies(m));
    });
    const pending = new Set(s.queue.filter((q) => q.state !== 'sending').map((q) => q.id));
    for (const m of s.messages) {
      const marker = m.from === 'user' && nodes.get(m.id).querySelector('.amo-w__pending');
      if (marker) marker.hidden = !pending.has(m.id);
    }
    startButton.hidden = s.messages.length > 0;
    root.classList.toggle('amo-w--typing', !offline && s.queue.length > 0 && s.queue[0].state === 'sending');
    showStatus(s);
    if (firstNew && isOpen()) scrollTo(firstNew);
  }

  // Fait apparaître le premier nouveau message en haut de la zone s'il y a
  // beaucoup à lire, sinon descend en bas. Ne déplace jamais le focus.
  function scrollTo(node) {
    const bottom = log.scrollHeight - log.clientHeight;
    const top = node.classList.contains('amo-w__msg--user') ? bottom : node.offsetTop - 8;
    log.scrollTop = Math.min(bottom, Math.max(0, top));
  }

  function showStatus(s) {
    let text = notice;
    if (offline) {
      text = 'Connexion au service impossible. Votre message sera envoyé automatiquement dès son retour.';
    } else if (s.queue.length && s.queue[0].state === 'sending') {
      text = "L'assistant écrit…";
    }
    if (status.textContent !== text) status.textContent = text;
    retryButton.hidden = !offline;
    root.classList.toggle('amo-w--offline', offline);
  }

  function setNotice(text) {
    notice = text;
    clearTimeout(noticeTimer);
    if (text) noticeTimer = setTimeout(() => setNotice(''), 5000);
    showStatus(load());
  }

  function open(byUser) {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('amo-w--open');
    update((s) => { s.open = true; });
    log.scrollTop = log.scrollHeight;
    if (byUser) input.focus();
  }

  function close(byUser) {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('amo-w--open');
    update((s) => { s.open = false; });
    if (byUser) launcher.focus();
  }

  function restart() {
    offline = false;
    attempt = 0;
    update((s) => Object.assign(s, freshState(), { open: true }));
    wakeUp();
    setNotice('Nouvelle conversation commencée.');
    input.focus();
  }

  /* ---------- Envoi : file persistante, un seul envoyeur, reprise avec délai croissant ---------- */

  let pumping = false;
  let attempt = 0;
  let wake = null;
  let leaving = false;

  // Le message tapé est affiché et mis en file en une seule écriture : rien ne se perd
  // si la page est rechargée avant l'envoi.
  function send(message, display) {
    const id = newId();
    update((s) => {
      s.messages.push({ id, from: 'user', text: display });
      s.queue.push({ id, message, state: 'pending' });
    });
    input.focus();                             // action de l'usager ; le bouton cliqué a disparu
    wakeUp();
    pump();
  }

  function wakeUp() {
    if (wake) wake();
  }

  function pause(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => { clearTimeout(timer); wake = null; resolve(); };
    });
  }

  // Web Locks : un seul onglet envoie à la fois, donc chaque message part une seule fois.
  function withLock(task) {
    return navigator.locks ? navigator.locks.request(KEY, task) : task();
  }

  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      await withLock(drain);
    } finally {
      pumping = false;
    }
    if (!leaving && load().queue.some((q) => q.state === 'pending')) pump();
  }

  async function drain() {
    for (;;) {
      const s = load();
      const item = s.queue[0];
      if (!item || leaving) return;
      // Un message « en cours » ici vient d'une page quittée avant la réponse : il
      // repart avec le même identifiant. S'il avait été traité, le serveur renvoie
      // les réponses d'origine au lieu de le traiter une seconde fois
      // (message_id, canal REST) : un renvoi ne fausse jamais le diagnostic.
      update((st) => { const q = st.queue.find((x) => x.id === item.id); if (q) q.state = 'sending'; });
      let answer;
      try {
        answer = await post(s.sender, item.message, item.id);
      } catch (error) {
        if (leaving) return;                   // départ de la page : l'état « en cours » reste, la page suivante renverra
        update((st) => {
          const q = st.queue.find((x) => x.id === item.id);
          if (!q) return;
          if (error.permanent) {
            st.queue = st.queue.filter((x) => x !== q);
            st.messages.push({ id: newId(), from: 'note', text: "Ce message n'a pas pu être traité par le service." });
          } else {
            q.state = 'pending';
          }
        });
        if (!error.permanent) {
          offline = true;
          showStatus(load());
          await pause(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] * (0.8 + Math.random() * 0.4));
          attempt += 1;
        }
        continue;
      }
      attempt = 0;
      if (offline) {
        offline = false;
        setNotice('Connexion rétablie.');
      }
      update((st) => {
        if (st.sender !== s.sender) return;    // « nouvelle conversation » entre-temps
        st.queue = st.queue.filter((x) => x.id !== item.id);
        for (const r of answer) {
          const text = typeof r.text === 'string' ? r.text : '';
          const buttons = Array.isArray(r.buttons) ? r.buttons.filter((b) => b && typeof b.title === 'string') : [];
          if (text || buttons.length) st.messages.push({ id: newId(), from: 'bot', text, buttons });
        }
      });
    }
  }

  async function post(sender, message, messageId) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(WEBHOOK, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sender, message, message_id: messageId }),
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!response.ok) {
        const error = new Error(`HTTP ${response.status}`);
        error.permanent = response.status >= 400 && response.status < 500 && ![408, 425, 429].includes(response.status);
        throw error;
      }
      const body = await response.json();
      return Array.isArray(body) ? body : [];
    } finally {
      clearTimeout(timer);
    }
  }

  /* ---------- Démarrage ---------- */

  function start() {
    const css = new URL('amo-widget.css', script.src).href;
    const existing = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((l) => l.href === css);
    if (existing) {
      root.hidden = false;
    } else {
      const sheet = attrs(document.createElement('link'), { rel: 'stylesheet', href: css });
      sheet.addEventListener('load', () => { root.hidden = false; });
      sheet.addEventListener('error', () => { root.hidden = false; });
      document.head.appendChild(sheet);
    }
    const s = load();
    render(s);                                 // rendu initial hors document : rien n'est annoncé
    document.body.appendChild(root);
    // Rouvert après un changement de page, sans prendre le focus ; pas en plein écran
    // (petit écran, fort zoom), où il masquerait la page demandée.
    if (s.open && !matchMedia(FULL_SCREEN).matches) open(false);
    if (s.queue.length) pump();
    window.addEventListener('storage', (event) => {
      if (event.key !== KEY) return;
      const st = load();
      render(st);
      if (st.queue.some((q) => q.state === 'pending')) pump();
    });
    window.addEventListener('online', wakeUp);
    window.addEventListener('pagehide', () => { leaving = true; });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) { leaving = false; render(load()); pump(); }
    });
  }

  window.amoWidget = { open: () => open(true), close: () => close(true) };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
