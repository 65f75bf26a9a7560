/*
 * Drafts of long forms: what is typed in a form with data-draft="<user>:<path>" is kept in the
 * browser's localStorage while typing, so it survives a session that ended (in this or another tab),
 * a form that expired, or leaving the page. Opening the form again (after logging in) puts it back,
 * with a notice and a button to throw it away. A successful save removes it; so does "Uitloggen".
 * Drafts older than MAX_AGE are removed. Hidden fields (version numbers, tokens), passwords and
 * files are never stored. No inline script: the texts come from data-* attributes (gettext).
 */
(function () {
  "use strict";

  var PREFIX = "zvh-draft:";
  var PENDING = "zvh-draft-pending";
  var MAX_AGE = 12 * 60 * 60 * 1000;
  var SKIP_TYPES = { hidden: 1, password: 1, file: 1, submit: 1, button: 1, reset: 1 };

  function openStorage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  var store = openStorage();
  if (!store) {
    return;
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function draftKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key !== PREFIX + "probe") {
        keys.push(key);
      }
    }
    return keys;
  }

  function purgeOld() {
    var now = Date.now();
    draftKeys().forEach(function (key) {
      var draft = read(key);
      if (!draft || !draft.at || now - draft.at > MAX_AGE) {
        store.removeItem(key);
      }
    });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP_TYPES[el.type] && el.name !== "csrfmiddlewaretoken" && !el.disabled;
    });
  }

  function collect(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) {
          values[el.name].push(el.value);
        }
      } else if (el.multiple) {
        values[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function isEmpty(values) {
    return Object.keys(values).every(function (name) {
      var v = values[name];
      return Array.isArray(v) ? v.length === 0 : !String(v).trim();
    });
  }

  function apply(form, values) {
    fields(form).forEach(function (el) {
      if (!(el.name in values)) {
        return;
      }
      var v = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(v) && v.indexOf(el.value) !== -1;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = Array.isArray(v) && v.indexOf(o.value) !== -1; });
      } else if (typeof v === "string") {
        el.value = v;
      }
    });
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function notice(form, key, draft) {
    var box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "draft-restored");
    var text = document.createElement("span");
    var when = new Date(draft.at);
    var time = ("0" + when.getHours()).slice(-2) + ":" + ("0" + when.getMinutes()).slice(-2);
    text.textContent = (form.getAttribute("data-draft-restored") || "").replace("%(time)s", time);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary";
    button.textContent = form.getAttribute("data-draft-discard") || "";
    button.addEventListener("click", function () {
      store.removeItem(key);
      form.reset();
      box.remove();
    });
    box.appendChild(text);
    box.appendChild(button);
    form.parentNode.insertBefore(box, form);
  }

  function watch(form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var loaded = collect(form);
    var draft = read(key);
    // A form the server sent back with errors already holds the latest input: keep it, keep saving.
    var refused = form.querySelector(".is-invalid, .alert-danger, .errorlist") !== null;
    if (draft && draft.values && !refused && !sameValues(draft.values, loaded)) {
      apply(form, draft.values);
      notice(form, key, draft);
    }
    var timer = null;
    function save() {
      timer = null;
      var values = collect(form);
      if (sameValues(values, loaded) || isEmpty(values)) {
        store.removeItem(key);
      } else {
        try {
          store.setItem(key, JSON.stringify({ at: Date.now(), values: values }));
          form.setAttribute("data-draft-saved", String(Date.now()));  // for people and tests: a draft exists
        } catch (e) { /* storage full: typing goes on without a draft */ }
      }
    }
    function later() {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, 300);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    window.addEventListener("pagehide", function () { if (timer) { save(); } });
    form.addEventListener("submit", function () {
      if (timer) {
        window.clearTimeout(timer);
        save();
      }
      // Removed on the next page if that page says the save succeeded (a success message).
      try { window.sessionStorage.setItem(PENDING, key); } catch (e) { /* no session storage */ }
    });
  }

  function settlePending() {
    var key = null;
    try {
      key = window.sessionStorage.getItem(PENDING);
      window.sessionStorage.removeItem(PENDING);
    } catch (e) {
      return;
    }
    if (key && document.querySelector('[data-message-level="success"]')) {
      store.removeItem(key);
    }
  }

  // A confirmation page that sends a form's data on (data-draft-for): its save settles that form's draft.
  function watchConfirmation(form) {
    form.addEventListener("submit", function () {
      try { window.sessionStorage.setItem(PENDING, PREFIX + form.getAttribute("data-draft-for")); } catch (e) { /* none */ }
    });
  }

  function forgetOnLogout() {
    var logout = document.getElementById("logout-form");
    if (logout) {
      logout.addEventListener("submit", function () {
        draftKeys().forEach(function (key) { store.removeItem(key); });
      });
    }
  }

  function start() {
    purgeOld();
    settlePending();
    forgetOnLogout();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), watch);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-for]"), watchConfirmation);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
