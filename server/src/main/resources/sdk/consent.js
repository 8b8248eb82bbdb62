/* Custodia consent prompt: plain ES2017, no dependencies (docs/privacy-center.md, "Consent prompt").
 * <script src="https://custodia.example/sdk/consent.js" data-entity="FR" defer></script>
 * Nothing is stored and no choice is sent until the person acts; closing the prompt is no consent. */
(() => {
  'use strict';
  const script = document.currentScript;
  if ((window.Custodia && window.Custodia.entity) || !script || !script.getAttribute('data-entity')) return;
  const entity = script.getAttribute('data-entity');
  const base = script.getAttribute('data-server') || new URL(script.src, location.href).origin;
  const lang = (document.documentElement.lang || navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const KEY = 'custodia:' + entity;
  // The prompt's texts come with it, in the page's language; the link is shown before it is loaded.
  let T = { link: lang === 'fr' ? 'Mes choix de confidentialité' : 'Privacy choices' };
  const gpcOn = navigator.globalPrivacyControl === true;
  let stored = load();
  let prompt = null;
  let listeners = [];
  let dialog = null;
  let opener = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function keep(record) {
    stored = record;
    try { localStorage.setItem(KEY, JSON.stringify(record)); } catch (e) { /* no storage: the choice is recorded all the same */ }
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, x => (x + 256).toString(16).slice(1)).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }
  const api = (path, options) => fetch(base + '/sdk/v1/' + encodeURIComponent(entity) + path,
    Object.assign({ credentials: 'same-origin' }, options))
    .then(r => { if (!r.ok) throw new Error('Custodia: ' + r.status); return r.json(); });
  function loadPrompt() {
    if (prompt) return Promise.resolve(prompt);
    return api('/prompt?language=' + lang).then(view => {
      prompt = view;
      T = view.texts;
      if (view.tcf) tcfInstall();
      return view;
    });
  }
  const choices = () => Object.assign({}, stored && stored.choices);
  const status = purpose => (stored && stored.choices && stored.choices[purpose]) || 'none';
  function emit() {
    const now = choices();
    listeners.forEach(fn => { try { fn(now); } catch (e) { setTimeout(() => { throw e; }); } });
    tcfNotify('useractioncomplete');
  }

  // Sends the choices that change something; resolves once they are recorded.
  function send(wanted, promptId) {
    const list = prompt.purposes.filter(p => {
      const was = status(p.purpose);
      if (!wanted[p.purpose]) return false;
      if (wanted[p.purpose] === 'granted') return was !== 'granted';
      return was !== 'refused' && was !== 'withdrawn' && was !== 'objected';
    }).map(p => ({
      purpose: p.purpose, noticeVersion: p.noticeVersion, idempotencyKey: uuid(),
      action: wanted[p.purpose] === 'granted' ? 'granted' : status(p.purpose) === 'granted' ? 'withdrawn' : 'refused'
    }));
    const visitor = (stored && stored.visitor) || uuid();
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
    }).then(view => { remember(view, visitor); emit(); return choices(); });
  }
  function remember(view, visitor) {
    const now = {};
    view.states.forEach(s => { now[s.purpose] = s.status; });
    keep({ visitor: visitor, choices: now, tcf: view.tcf || null, at: new Date().toISOString() });
  }
  function all(granted) {
    const wanted = {};
    // Under Global Privacy Control, "Accept all" leaves the purposes the signal covers as they are.
    prompt.purposes.forEach(p => { if (!(granted && gpcOn && p.gpc)) wanted[p.purpose] = granted ? 'granted' : 'refused'; });
    return wanted;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'text') node.textContent = v;
      else if (k === 'on') node.addEventListener('click', v);
      else node.setAttribute(k, v);
    });
    (children || []).forEach(c => { if (c) node.appendChild(c); });
    return node;
  }
  const button = (label, cls, onClick) => el('button', { type: 'button', 'class': 'cstd-btn ' + cls, text: label, on: onClick });
  const paragraphs = text => text.split(/\n\s*\n/).map(block => {
    const lines = block.split('\n');
    return lines.every(l => l.startsWith('- '))
      ? el('ul', {}, lines.map(l => el('li', { text: l.slice(2) })))
      : el('p', { text: block });
  });
  const noticeLink = p => el('p', {}, [el('a', { href: base + p.noticeUrl, target: '_blank', rel: 'noopener', text: T.notice })]);

  function show(title, body, actions) {
    if (!dialog || !dialog.contains(document.activeElement)) opener = document.activeElement;
    close(false);
    const error = el('p', { 'class': 'cstd-error', role: 'alert' });
    const box = el('div', { 'class': 'cstd-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'cstd-title', tabindex: '-1' }, [
      el('h2', { id: 'cstd-title', text: title }),
      el('button', { type: 'button', 'class': 'cstd-close', 'aria-label': T.close, text: '\u00d7', on: () => close(true) })
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
    const items = dialog.querySelectorAll('button, a[href], summary');
    const first = items[0], last = items[items.length - 1], active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog.firstChild)) {
      last.focus(); event.preventDefault();
    } else if (!event.shiftKey && active === last) {
      first.focus(); event.preventDefault();
    }
  }
  const act = (error, promptId, wanted) =>
    send(wanted, promptId).then(() => close(true), () => { error.textContent = T.failed; });

  function firstLayer() {
    const error = show(T.title, [
      el('p', { text: T.intro }),
      el('ul', {}, prompt.purposes.map(p => el('li', { text: p.title }))),
      gpcOn && prompt.purposes.some(p => p.gpc) ? el('p', { 'class': 'cstd-gpc', text: T.gpc }) : null
    ], [
      button(T.refuse, 'cstd-main', () => act(error, 'first-layer', all(false))),
      button(T.accept, 'cstd-main', () => act(error, 'first-layer', all(true))),
      button(T.choose, 'cstd-other', secondLayer)
    ]);
  }
  function secondLayer() {
    const wanted = {};
    const sections = prompt.purposes.map((p, i) => {
      const on = status(p.purpose) === 'granted';
      wanted[p.purpose] = on ? 'granted' : 'refused';
      const label = el('span', { text: on ? T.on : T.off });
      const toggle = el('button', {
        type: 'button', role: 'switch', 'class': 'cstd-switch', 'aria-checked': String(on),
        'aria-labelledby': 'cstd-p' + i, 'data-purpose': p.purpose
      }, [label]);
      toggle.addEventListener('click', () => {
        const now = toggle.getAttribute('aria-checked') !== 'true';
        toggle.setAttribute('aria-checked', String(now));
        label.textContent = now ? T.on : T.off;
        wanted[p.purpose] = now ? 'granted' : 'refused';
      });
      return el('section', { 'class': 'cstd-purpose' }, [
        el('div', { 'class': 'cstd-row' }, [el('h3', { id: 'cstd-p' + i, text: p.title }), toggle]),
        gpcOn && p.gpc && !on ? el('p', { 'class': 'cstd-gpc', text: T.gpcTag }) : null,
        el('details', {}, [el('summary', { text: T.more })].concat(paragraphs(p.text), [noticeLink(p)]))
      ]);
    });
    const error = show(T.second, sections, [
      button(T.refuse, 'cstd-main', () => act(error, 'second-layer', all(false))),
      button(T.accept, 'cstd-main', () => act(error, 'second-layer', all(true))),
      button(T.save, 'cstd-other', () => act(error, 'second-layer', wanted)),
      stored ? null : button(T.back, 'cstd-other', firstLayer)
    ]);
  }
  function ask(purpose) {
    if (status(purpose) === 'granted') return Promise.resolve(true);
    return loadPrompt().then(view => {
      const p = view.purposes.find(x => x.purpose === purpose);
      if (!p) return false;
      return new Promise(resolve => {
        const answer = granted => send({ [purpose]: granted ? 'granted' : 'refused' }, 'jit:' + purpose)
          .then(() => { close(true); resolve(granted); }, () => { error.textContent = T.failed; });
        const error = show(T.ask, [el('h3', { text: p.title })].concat(paragraphs(p.text), [noticeLink(p)]),
          [button(T.deny, 'cstd-main', () => answer(false)), button(T.allow, 'cstd-main', () => answer(true))]);
        dialog.querySelector('.cstd-close').addEventListener('click', () => resolve(false));
        dialog.addEventListener('keydown', e => { if (e.key === 'Escape') resolve(false); });
      });
    });
  }
  const open = () => loadPrompt().then(() => (stored ? secondLayer() : firstLayer()));

  // IAB TCF v2.2: __tcfapi and its locator frame, for an entity that enables TCF.
  const tcfListeners = {};
  let tcfNext = 1;
  let tcfStatus = 'tcloaded';
  function tcData(listenerId) {
    const tc = (stored && stored.tcf) || {};
    const bits = list => { const m = {}; (list || []).forEach(n => { m[n] = true; }); return m; };
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
    if (version && version !== 2) callback(null, false);
    else if (command === 'ping') {
      callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: dialog ? 'visible' : 'hidden',
        apiVersion: '2.2', cmpVersion: 1, cmpId: 0, tcfPolicyVersion: 4 }, true);
    } else if (command === 'getTCData') callback(tcData(undefined), true);
    else if (command === 'addEventListener') {
      const id = tcfNext++;
      tcfListeners[id] = callback;
      callback(tcData(id), true);
    } else if (command === 'removeEventListener') {
      const known = !!tcfListeners[parameter];
      delete tcfListeners[parameter];
      callback(known, known);
    } else callback(null, false);
  }
  function tcfNotify(eventStatus) {
    if (window.__tcfapi !== tcfapi) return;
    tcfStatus = eventStatus;
    Object.keys(tcfListeners).forEach(id => {
      const data = tcData(Number(id));
      data.eventStatus = eventStatus;
      tcfListeners[id](data, true);
    });
  }
  function tcfInstall() {
    if (window.__tcfapi === tcfapi) return;
    const queued = typeof window.__tcfapi === 'function' ? window.__tcfapi() : null;
    window.__tcfapi = tcfapi;
    (Array.isArray(queued) ? queued : []).forEach(call => tcfapi(...call));
    if (!window.frames.__tcfapiLocator) {
      document.body.appendChild(el('iframe', { name: '__tcfapiLocator', title: 'TCF', hidden: '', 'aria-hidden': 'true' }));
    }
    window.addEventListener('message', event => {
      let data = event.data;
      if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
      const call = data && data.__tcfapiCall;
      if (!call || !event.source) return;
      tcfapi(call.command, call.version, (value, success) => event.source.postMessage(
        { __tcfapiReturn: { returnValue: value, success: success, callId: call.callId } }, '*'), call.parameter);
    });
  }

  const css = '.cstd-root{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:flex-end;justify-content:center;background:rgba(0,0,0,.45);font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}' +
    '.cstd-dialog{position:relative;box-sizing:border-box;width:100%;max-width:36rem;max-height:90vh;overflow:auto;background:#fff;padding:1.25rem;border-radius:.5rem .5rem 0 0}' +
    '@media(min-width:40rem){.cstd-root{align-items:center}.cstd-dialog{border-radius:.5rem}}' +
    '.cstd-dialog h2{font-size:1.25rem;margin:0 2.5rem .5rem 0}.cstd-dialog h3{font-size:1rem;margin:0}.cstd-dialog:focus{outline:none}' +
    '.cstd-actions{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin-top:1rem}' +
    '.cstd-btn{min-height:2.75rem;padding:.5rem 1rem;font:inherit;font-weight:600;border-radius:.375rem;cursor:pointer}' +
    '.cstd-main{background:#1d3557;color:#fff;border:2px solid #1d3557}.cstd-other{grid-column:1/-1;background:#fff;color:#1d3557;border:2px solid #1d3557}' +
    '.cstd-root :focus-visible{outline:3px solid #e76f00;outline-offset:2px}' +
    '.cstd-close{position:absolute;top:.5rem;right:.5rem;width:2.75rem;height:2.75rem;font-size:1.5rem;background:none;border:0;color:#1a1a1a;cursor:pointer}' +
    '.cstd-purpose{border-top:1px solid #ccc;padding:.75rem 0}.cstd-row{display:flex;justify-content:space-between;align-items:center;gap:1rem}' +
    '.cstd-switch{min-width:6rem;min-height:2.75rem;font:inherit;border:2px solid #1d3557;border-radius:1.5rem;background:#fff;color:#1d3557;cursor:pointer}' +
    '.cstd-switch[aria-checked=true]{background:#1d3557;color:#fff}.cstd-gpc{font-size:.9rem;color:#5a3a00}.cstd-error{color:#a4001d;margin:.5rem 0 0}.cstd-error:empty{display:none}' +
    '.cstd-dialog a{color:#1d3557}.cstd-link{position:fixed;left:.5rem;bottom:.5rem;z-index:2147482999;font:14px system-ui,sans-serif;padding:.4rem .75rem;background:#fff;color:#1d3557;border:1px solid #1d3557;border-radius:.375rem;cursor:pointer}';
  function styles() {
    try {
      // A constructed sheet works under a page's strict CSP, which may forbid <style> elements.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      document.head.appendChild(el('style', { text: css }));
    }
  }

  function start() {
    styles();
    document.addEventListener('click', event => {
      if (event.target.closest && event.target.closest('[data-custodia-open]')) { event.preventDefault(); open(); }
    });
    if (!document.querySelector('[data-custodia-open]')) {
      document.body.appendChild(el('button', { type: 'button', 'class': 'cstd-link', 'data-custodia-open': '', text: T.link }));
    }
    if (stored && stored.tcf) tcfInstall();
    if (stored && stored.visitor) {
      // Choices made elsewhere (the privacy center, customer care) show here too.
      api('/choices?language=' + lang, { headers: { 'Custodia-Visitor': stored.visitor } }).then(view => {
        const before = JSON.stringify(stored.choices);
        remember(view, stored.visitor);
        if (JSON.stringify(stored.choices) !== before) emit();
      }).catch(() => { /* offline: the stored choices stand */ });
    } else if (!stored) {
      loadPrompt().then(firstLayer).catch(() => { /* no prompt: nothing is recorded */ });
    }
  }

  window.Custodia = {
    entity: entity,
    open: open,
    ask: ask,
    choices: choices,
    on: (name, fn) => { if (name === 'change' && typeof fn === 'function') listeners.push(fn); },
    off: (name, fn) => { listeners = listeners.filter(x => x !== fn); }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
