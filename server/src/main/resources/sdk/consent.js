/* Custodia consent prompt. Plain ES2017, no dependencies. See docs/privacy-center.md, "Consent prompt".
 * <script src="https://custodia.example/sdk/consent.js" data-entity="FR" defer></script>
 * Nothing is stored and nothing is sent about a choice until the person acts: closing the prompt is no consent. */
(function () {
  'use strict';
  if (window.Custodia && window.Custodia.entity) return;
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-entity')) return;
  var entity = script.getAttribute('data-entity');
  var base = script.getAttribute('data-server') || new URL(script.src, location.href).origin;
  var lang = (document.documentElement.lang || navigator.language || 'en').toLowerCase().indexOf('fr') === 0 ? 'fr' : 'en';
  var KEY = 'custodia:' + entity;
  var T = {
    en: {
      title: 'Your privacy choices', choose: 'Choose', accept: 'Accept all', refuse: 'Refuse all',
      intro: ' would like your consent for the uses below. Refusing is as easy as accepting, and you can change your mind at any time with the "Privacy choices" link.',
      second: 'Choose use by use', save: 'Save my choices', back: 'Back', close: 'Close without choosing',
      link: 'Privacy choices', notice: 'Read the full notice', more: 'What this means',
      on: 'On', off: 'Off', allow: 'Allow', deny: 'Don\'t allow', ask: 'Allow this use?',
      gpc: 'Your browser sends a Global Privacy Control signal: the uses marked with it stay off unless you turn them on yourself.',
      gpcTag: 'Off because of your browser\'s privacy signal', failed: 'Your choices could not be saved. Please try again.'
    },
    fr: {
      title: 'Vos choix de confidentialité', choose: 'Choisir', accept: 'Tout accepter', refuse: 'Tout refuser',
      intro: ' souhaite votre consentement pour les utilisations ci-dessous. Refuser est aussi simple qu\'accepter, et vous pouvez changer d\'avis à tout moment avec le lien « Mes choix de confidentialité ».',
      second: 'Choisir utilisation par utilisation', save: 'Enregistrer mes choix', back: 'Retour', close: 'Fermer sans choisir',
      link: 'Mes choix de confidentialité', notice: 'Lire la notice complète', more: 'Ce que cela veut dire',
      on: 'Activé', off: 'Désactivé', allow: 'Autoriser', deny: 'Ne pas autoriser', ask: 'Autoriser cette utilisation ?',
      gpc: 'Votre navigateur envoie un signal Global Privacy Control : les utilisations qui le portent restent désactivées sauf si vous les activez vous-même.',
      gpcTag: 'Désactivé par le signal de confidentialité de votre navigateur', failed: 'Vos choix n\'ont pas pu être enregistrés. Veuillez réessayer.'
    }
  }[lang];
  var gpcOn = navigator.globalPrivacyControl === true;
  var stored = load();
  var prompt = null;
  var listeners = [];
  var dialog = null;
  var opener = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function keep(record) {
    stored = record;
    try { localStorage.setItem(KEY, JSON.stringify(record)); } catch (e) { /* private mode: the choice is recorded */ }
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function api(path, options) {
    return fetch(base + '/sdk/v1/' + encodeURIComponent(entity) + path, Object.assign({ credentials: 'same-origin' }, options))
      .then(function (r) { if (!r.ok) throw new Error('Custodia: ' + r.status); return r.json(); });
  }
  function loadPrompt() {
    if (prompt) return Promise.resolve(prompt);
    return api('/prompt?language=' + lang).then(function (view) {
      prompt = view;
      if (view.tcf) tcfInstall();
      return view;
    });
  }
  function choices() {
    return Object.assign({}, stored && stored.choices);
  }
  function status(purpose) {
    return (stored && stored.choices && stored.choices[purpose]) || 'none';
  }
  function remember(view, visitor) {
    var now = {};
    view.states.forEach(function (s) { now[s.purpose] = s.status; });
    keep({ visitor: visitor, choices: now, tcf: view.tcf || null, at: new Date().toISOString() });
    emit();
  }
  function emit() {
    var now = choices();
    listeners.forEach(function (fn) { try { fn(now); } catch (e) { setTimeout(function () { throw e; }); } });
    tcfNotify('useractioncomplete');
  }

  // Sends the choices that change something; resolves once they are recorded.
  function send(wanted, promptId) {
    var list = prompt.purposes.filter(function (p) {
      var was = status(p.purpose);
      if (!wanted[p.purpose]) return false;
      if (wanted[p.purpose] === 'granted') return was !== 'granted';
      return was !== 'refused' && was !== 'withdrawn' && was !== 'objected';
    }).map(function (p) {
      var action = wanted[p.purpose] === 'granted' ? 'granted' : status(p.purpose) === 'granted' ? 'withdrawn' : 'refused';
      return { purpose: p.purpose, action: action, noticeVersion: p.noticeVersion, idempotencyKey: uuid() };
    });
    var visitor = (stored && stored.visitor) || uuid();
    if (!list.length) {
      keep(Object.assign({ choices: {} }, stored, { visitor: visitor, at: new Date().toISOString() }));
      emit();
      return Promise.resolve(choices());
    }
    return api('/choices', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        visitor: visitor, choices: list, promptId: promptId, page: location.origin + location.pathname,
        clientTime: new Date().toISOString(), language: lang
      })
    }).then(function (view) { remember(view, visitor); return choices(); });
  }
  function all(granted) {
    var wanted = {};
    prompt.purposes.forEach(function (p) {
      // Under Global Privacy Control, "Accept all" leaves the purposes the signal covers as they are.
      if (granted && gpcOn && p.gpc) return;
      wanted[p.purpose] = granted ? 'granted' : 'refused';
    });
    return wanted;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'on') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function button(label, cls, onClick) {
    return el('button', { type: 'button', 'class': 'cstd-btn ' + cls, text: label, on: onClick });
  }
  function paragraphs(text) {
    return text.split(/\n\s*\n/).map(function (block) {
      var lines = block.split('\n');
      if (lines.every(function (l) { return l.indexOf('- ') === 0; })) {
        return el('ul', {}, lines.map(function (l) { return el('li', { text: l.slice(2) }); }));
      }
      return el('p', { text: block });
    });
  }

  function show(title, body, actions) {
    if (!dialog || !dialog.contains(document.activeElement)) opener = document.activeElement;
    close(false);
    var error = el('p', { 'class': 'cstd-error', role: 'alert' });
    var box = el('div', { 'class': 'cstd-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'cstd-title', tabindex: '-1' }, [
      el('h2', { id: 'cstd-title', text: title }),
      el('button', { type: 'button', 'class': 'cstd-close', 'aria-label': T.close, text: '\u00d7', on: function () { close(true); } })
    ].concat(body, [error, el('div', { 'class': 'cstd-actions' }, actions)]));
    dialog = el('div', { 'class': 'cstd-root', lang: lang, 'data-custodia': 'prompt' }, [box]);
    dialog.addEventListener('keydown', trap);
    document.body.appendChild(dialog);
    box.focus();
    tcfNotify('cmpuishown');
    return error;
  }
  function close(restore) {
    if (!dialog) return;
    dialog.remove();
    dialog = null;
    if (restore && opener && opener.focus) opener.focus();
  }
  function trap(event) {
    if (event.key === 'Escape') { close(true); return; }
    if (event.key !== 'Tab') return;
    var items = dialog.querySelectorAll('button, a[href], summary, [tabindex="0"]');
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement) || document.activeElement === dialog.firstChild)) {
      last.focus(); event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first.focus(); event.preventDefault();
    }
  }
  function act(error, promptId, wanted) {
    return send(wanted, promptId).then(function () { close(true); }, function () { error.textContent = T.failed; });
  }

  function firstLayer() {
    var gpcPurposes = gpcOn && prompt.purposes.some(function (p) { return p.gpc; });
    var error;
    error = show(T.title, [
      el('p', { 'class': 'cstd-intro', text: prompt.company + T.intro }),
      el('ul', { 'class': 'cstd-list' }, prompt.purposes.map(function (p) { return el('li', { text: p.title }); })),
      gpcPurposes ? el('p', { 'class': 'cstd-gpc', text: T.gpc }) : null
    ], [
      button(T.refuse, 'cstd-main', function () { act(error, 'first-layer', all(false)); }),
      button(T.accept, 'cstd-main', function () { act(error, 'first-layer', all(true)); }),
      button(T.choose, 'cstd-other', secondLayer)
    ]);
  }
  function secondLayer() {
    var error;
    var wanted = {};
    var sections = prompt.purposes.map(function (p, i) {
      wanted[p.purpose] = status(p.purpose) === 'granted' ? 'granted' : 'refused';
      var label = el('span', { 'class': 'cstd-state', text: wanted[p.purpose] === 'granted' ? T.on : T.off });
      var toggle = el('button', {
        type: 'button', role: 'switch', 'class': 'cstd-switch', 'aria-checked': String(wanted[p.purpose] === 'granted'),
        'aria-labelledby': 'cstd-p' + i, 'data-purpose': p.purpose
      }, [label]);
      toggle.addEventListener('click', function () {
        var on = toggle.getAttribute('aria-checked') !== 'true';
        toggle.setAttribute('aria-checked', String(on));
        label.textContent = on ? T.on : T.off;
        wanted[p.purpose] = on ? 'granted' : 'refused';
      });
      return el('section', { 'class': 'cstd-purpose' }, [
        el('div', { 'class': 'cstd-row' }, [el('h3', { id: 'cstd-p' + i, text: p.title }), toggle]),
        gpcOn && p.gpc && status(p.purpose) !== 'granted' ? el('p', { 'class': 'cstd-gpc', text: T.gpcTag }) : null,
        el('details', {}, [el('summary', { text: T.more })].concat(paragraphs(p.text), [
          el('p', {}, [el('a', { href: base + p.noticeUrl, target: '_blank', rel: 'noopener', text: T.notice })])
        ]))
      ]);
    });
    error = show(T.second, sections, [
      button(T.refuse, 'cstd-main', function () { act(error, 'second-layer', all(false)); }),
      button(T.accept, 'cstd-main', function () { act(error, 'second-layer', all(true)); }),
      button(T.save, 'cstd-other', function () { act(error, 'second-layer', wanted); }),
      stored ? null : button(T.back, 'cstd-other', firstLayer)
    ]);
  }
  function ask(purpose) {
    if (status(purpose) === 'granted') return Promise.resolve(true);
    return loadPrompt().then(function (view) {
      var p = view.purposes.filter(function (x) { return x.purpose === purpose; })[0];
      if (!p) return false;
      return new Promise(function (resolve) {
        var error;
        function answer(granted) {
          var wanted = {};
          wanted[purpose] = granted ? 'granted' : 'refused';
          send(wanted, 'jit:' + purpose).then(function () { close(true); resolve(granted); },
            function () { error.textContent = T.failed; });
        }
        error = show(T.ask, [el('h3', { text: p.title })].concat(paragraphs(p.text), [
          el('p', {}, [el('a', { href: base + p.noticeUrl, target: '_blank', rel: 'noopener', text: T.notice })])
        ]), [button(T.deny, 'cstd-main', function () { answer(false); }), button(T.allow, 'cstd-main', function () { answer(true); })]);
        dialog.querySelector('.cstd-close').addEventListener('click', function () { resolve(false); });
        dialog.addEventListener('keydown', function (e) { if (e.key === 'Escape') resolve(false); });
      });
    });
  }
  function open() {
    return loadPrompt().then(function () { if (stored) secondLayer(); else firstLayer(); });
  }

  // IAB TCF v2.2: __tcfapi and its locator frame, for an entity that enables TCF.
  var tcfListeners = {};
  var tcfNext = 1;
  var tcfStatus = 'tcloaded';
  function tcData(listenerId) {
    var tc = (stored && stored.tcf) || {};
    var bits = function (list) { var m = {}; (list || []).forEach(function (n) { m[n] = true; }); return m; };
    return {
      tcString: tc.tcString || '', tcfPolicyVersion: 4, cmpId: tc.cmpId || 0, cmpVersion: tc.cmpVersion || 1,
      gdprApplies: true, eventStatus: tc.tcString ? tcfStatus : 'cmpuishown', cmpStatus: 'loaded',
      listenerId: listenerId, isServiceSpecific: true, useNonStandardTexts: false, publisherCC: tc.publisherCountry || '',
      purposeOneTreatment: false, specialFeatureOptins: {},
      purpose: { consents: bits(tc.purposeConsents), legitimateInterests: {} },
      vendor: { consents: bits(tc.vendorConsents), legitimateInterests: {} },
      publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} }
    };
  }
  function tcfapi(command, version, callback, parameter) {
    if (typeof callback !== 'function') return;
    if (version && version !== 2) { callback(null, false); return; }
    if (command === 'ping') {
      callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: dialog ? 'visible' : 'hidden',
        apiVersion: '2.2', cmpVersion: 1, cmpId: 0, tcfPolicyVersion: 4 }, true);
    } else if (command === 'getTCData') {
      callback(tcData(undefined), true);
    } else if (command === 'addEventListener') {
      var id = tcfNext++;
      tcfListeners[id] = callback;
      callback(tcData(id), true);
    } else if (command === 'removeEventListener') {
      var known = !!tcfListeners[parameter];
      delete tcfListeners[parameter];
      callback(known, known);
    } else {
      callback(null, false);
    }
  }
  function tcfNotify(eventStatus) {
    if (window.__tcfapi !== tcfapi) return;
    tcfStatus = eventStatus;
    Object.keys(tcfListeners).forEach(function (id) {
      var data = tcData(Number(id));
      data.eventStatus = eventStatus;
      tcfListeners[id](data, true);
    });
  }
  function tcfInstall() {
    if (window.__tcfapi && window.__tcfapi.custodia) return;
    var queued = typeof window.__tcfapi === 'function' ? window.__tcfapi() : null;
    window.__tcfapi = tcfapi;
    tcfapi.custodia = true;
    (Array.isArray(queued) ? queued : []).forEach(function (call) { tcfapi.apply(null, call); });
    if (!window.frames.__tcfapiLocator) {
      document.body.appendChild(el('iframe', { name: '__tcfapiLocator', title: 'TCF', hidden: '', 'aria-hidden': 'true' }));
    }
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
      var call = data && data.__tcfapiCall;
      if (!call || !event.source) return;
      tcfapi(call.command, call.version, function (value, success) {
        event.source.postMessage({ __tcfapiReturn: { returnValue: value, success: success, callId: call.callId } }, '*');
      }, call.parameter);
    });
  }

  var css = '.cstd-root{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:flex-end;justify-content:center;background:rgba(0,0,0,.45);font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}' +
    '.cstd-dialog{position:relative;box-sizing:border-box;width:100%;max-width:36rem;max-height:90vh;overflow:auto;background:#fff;padding:1.25rem;border-radius:.5rem .5rem 0 0}' +
    '@media(min-width:40rem){.cstd-root{align-items:center}.cstd-dialog{border-radius:.5rem}}' +
    '.cstd-dialog h2{font-size:1.25rem;margin:0 2.5rem .5rem 0}.cstd-dialog h3{font-size:1rem;margin:0}.cstd-dialog:focus{outline:none}' +
    '.cstd-actions{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin-top:1rem}' +
    '.cstd-btn{min-height:2.75rem;padding:.5rem 1rem;font:inherit;font-weight:600;border-radius:.375rem;cursor:pointer}' +
    '.cstd-main{background:#1d3557;color:#fff;border:2px solid #1d3557}.cstd-other{grid-column:1/-1;background:#fff;color:#1d3557;border:2px solid #1d3557}' +
    '.cstd-btn:focus-visible,.cstd-switch:focus-visible,.cstd-close:focus-visible,.cstd-dialog a:focus-visible,.cstd-dialog summary:focus-visible{outline:3px solid #e76f00;outline-offset:2px}' +
    '.cstd-close{position:absolute;top:.5rem;right:.5rem;width:2.75rem;height:2.75rem;font-size:1.5rem;background:none;border:0;color:#1a1a1a;cursor:pointer}' +
    '.cstd-purpose{border-top:1px solid #ccc;padding:.75rem 0}.cstd-row{display:flex;justify-content:space-between;align-items:center;gap:1rem}' +
    '.cstd-switch{min-width:6rem;min-height:2.75rem;font:inherit;border:2px solid #1d3557;border-radius:1.5rem;background:#fff;color:#1d3557;cursor:pointer}' +
    '.cstd-switch[aria-checked=true]{background:#1d3557;color:#fff}.cstd-gpc{font-size:.9rem;color:#5a3a00}.cstd-error{color:#a4001d;margin:.5rem 0 0}.cstd-error:empty{display:none}' +
    '.cstd-dialog a{color:#1d3557}.cstd-link{position:fixed;left:.5rem;bottom:.5rem;z-index:2147482999;font:14px system-ui,sans-serif;padding:.4rem .75rem;background:#fff;color:#1d3557;border:1px solid #1d3557;border-radius:.375rem;cursor:pointer}';
  function styles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      document.head.appendChild(el('style', { text: css }));
    }
  }

  function start() {
    styles();
    document.addEventListener('click', function (event) {
      var target = event.target.closest && event.target.closest('[data-custodia-open]');
      if (target) { event.preventDefault(); open(); }
    });
    if (!document.querySelector('[data-custodia-open]')) {
      document.body.appendChild(el('button', { type: 'button', 'class': 'cstd-link', 'data-custodia-open': '', text: T.link }));
    }
    if (stored && stored.tcf) tcfInstall();
    if (stored && stored.visitor) {
      // Choices made elsewhere (the privacy center, customer care) show here too.
      api('/choices?language=' + lang, { headers: { 'Custodia-Visitor': stored.visitor } }).then(function (view) {
        var before = JSON.stringify(stored.choices);
        stored.choices = {};
        view.states.forEach(function (s) { stored.choices[s.purpose] = s.status; });
        stored.tcf = view.tcf || null;
        keep(stored);
        if (JSON.stringify(stored.choices) !== before) emit();
      }).catch(function () { /* offline: the stored choices stand */ });
    } else if (!stored) {
      loadPrompt().then(firstLayer).catch(function () { /* no prompt: nothing is recorded */ });
    }
  }

  window.Custodia = {
    entity: entity,
    open: open,
    ask: ask,
    choices: choices,
    on: function (name, fn) { if (name === 'change' && typeof fn === 'function') listeners.push(fn); },
    off: function (name, fn) { listeners = listeners.filter(function (x) { return x !== fn; }); }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
