// ZVH Procesregie — warn before the automatic logout after inactivity, and offer to stay logged in.
//
// The server ends an idle session (zvh/middleware.py, SESSION_IDLE_TIMEOUT); this script makes that
// visible without ever costing work (issue 20):
// - typing, clicking, scrolling and touching count as activity: they keep the session in this tab and
//   every other tab (localStorage), and tell the server with a keep-alive request at most once per
//   PING_EVERY_MS (so typing in a long text for 40 minutes keeps the session);
// - the warning appears without moving focus (the next keystroke still lands in the field the user is
//   typing in, and that keystroke itself keeps the session);
// - a screen reader hears the warning once, politely, through a live region of its own, and again only
//   at a meaningful moment (one minute left; the session extended) — never the per-second countdown;
// - at the end a real logout (POST of the logout form), so that a screen left alone no longer shows case
//   data. What was typed is kept by the drafts script of the forms (issue 14).
// Settings and texts come from data-* attributes in templates/base.html (translated there).
(() => {
  "use strict";
  const body = document.body;
  const idleSeconds = Number(body.dataset.idleTimeout || 0);
  if (!idleSeconds) return;
  const warningSeconds = Number(body.dataset.idleWarning || 120);
  const keepaliveUrl = body.dataset.keepaliveUrl;
  const expiredUrl = body.dataset.expiredUrl;
  const box = document.getElementById("session-warning");
  const countdown = box && box.querySelector("[data-countdown]");
  const stayButton = box && box.querySelector("[data-session-keepalive]");
  const announcer = document.getElementById("session-announcer");
  const logoutForm = document.getElementById("logout-form");
  const KEY = "zvh:last-activity";
  const PING_EVERY_MS = 30 * 1000;
  const LAST_MINUTE = 60;
  const loadedAt = Date.now();
  let loggingOut = false;
  let lastPing = loadedAt; // the page load itself was a request
  let pinging = false;
  let announcedWarning = false;
  let announcedLastMinute = false;

  const read = () => {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  };
  let localActivity = loadedAt; // fallback when localStorage is not available
  const markActive = () => {
    localActivity = Date.now();
    try { window.localStorage.setItem(KEY, String(localActivity)); } catch (e) { /* private mode */ }
  };
  const lastActivity = () => Math.max(loadedAt, localActivity, read());
  const csrfToken = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };
  const format = (seconds) => {
    const m = Math.floor(seconds / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return `${m}:${s}`;
  };
  // Say `text` once in the polite live region (emptied first, so the same text is announced again).
  const announce = (text) => {
    if (!announcer || !text) return;
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  };

  const logout = () => {
    if (loggingOut) return;
    loggingOut = true;
    if (logoutForm) {
      const next = document.createElement("input");
      next.type = "hidden";
      next.name = "next";
      next.value = expiredUrl;
      logoutForm.appendChild(next);
      logoutForm.submit();
    } else {
      window.location.assign(expiredUrl);
    }
  };

  const remainingSeconds = () => Math.ceil((lastActivity() + idleSeconds * 1000 - Date.now()) / 1000);

  const hideWarning = (extended) => {
    if (!box || box.hidden) return;
    box.hidden = true;
    if (extended && announcedWarning && announcer) announce(announcer.dataset.msgExtended);
    announcedWarning = false;
    announcedLastMinute = false;
  };

  const tick = () => {
    const remaining = remainingSeconds();
    if (remaining <= 0) {
      logout();
      return;
    }
    if (!box) return;
    if (remaining <= warningSeconds) {
      if (countdown) countdown.textContent = format(remaining);
      if (box.hidden) box.hidden = false; // shown, never focused: typing goes on where it was
      if (!announcedWarning) {
        announcedWarning = true;
        announce(announcer && announcer.dataset.msgWarning);
      } else if (!announcedLastMinute && remaining <= LAST_MINUTE) {
        announcedLastMinute = true;
        announce(announcer && announcer.dataset.msgLastMinute);
      }
    } else {
      hideWarning(true);
    }
  };

  // Tell the server the user is active. `force`: the "Ingelogd blijven" button (no throttle).
  const ping = (force) => {
    if (loggingOut || pinging) return;
    if (!force && Date.now() - lastPing < PING_EVERY_MS) return;
    pinging = true;
    lastPing = Date.now();
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      redirect: "manual",
    }).then((response) => {
      pinging = false;
      if (response.status === 204) {
        tick();
      } else {
        logout(); // the server had already ended the session
      }
    }).catch(() => { pinging = false; /* offline: the countdown goes on */ });
  };

  // Activity in the page: keep the session here and in other tabs, and (throttled) on the server.
  // Activity does not reach back over the idle limit: after the logout it no longer counts.
  const onActivity = () => {
    if (loggingOut || remainingSeconds() <= 0) return;
    markActive();
    ping(false);
    tick();
  };
  let lastScroll = 0;
  const onScroll = () => {
    const now = Date.now();
    if (now - lastScroll < 1000) return;
    lastScroll = now;
    onActivity();
  };

  markActive();
  if (stayButton) stayButton.addEventListener("click", () => { markActive(); ping(true); });
  ["keydown", "input", "pointerdown", "touchstart"].forEach((name) => {
    document.addEventListener(name, onActivity, { capture: true, passive: true });
  });
  ["scroll", "wheel"].forEach((name) => {
    window.addEventListener(name, onScroll, { capture: true, passive: true });
  });
  // Requests made by htmx count as activity on the server too.
  body.addEventListener("htmx:afterRequest", markActive);
  // Another tab that was active: hide the warning here as well (the storage event).
  window.addEventListener("storage", (event) => { if (event.key === KEY) tick(); });
  window.setInterval(tick, 1000);
})();
