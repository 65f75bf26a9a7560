// ZVH Procesregie — warn before the automatic logout after inactivity, and offer to stay logged in.
//
// The server ends an idle session (zvh/middleware.py, SESSION_IDLE_TIMEOUT); this script makes that
// visible: a warning with a countdown, a button that keeps the session alive, and at the end a
// real logout (POST of the logout form), so that a screen left alone no longer shows case data.
// Settings come from data-* attributes on <body>; activity is shared between tabs via localStorage.
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
  const logoutForm = document.getElementById("logout-form");
  const KEY = "zvh:last-activity";
  const loadedAt = Date.now();
  let loggingOut = false;

  const read = () => {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  };
  const markActive = () => {
    try { window.localStorage.setItem(KEY, String(Date.now())); } catch (e) { /* private mode */ }
  };
  const lastActivity = () => Math.max(loadedAt, read());
  const csrfToken = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };
  const format = (seconds) => {
    const m = Math.floor(seconds / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return `${m}:${s}`;
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

  const tick = () => {
    const remaining = Math.ceil((lastActivity() + idleSeconds * 1000 - Date.now()) / 1000);
    if (remaining <= 0) {
      logout();
      return;
    }
    if (!box) return;
    if (remaining <= warningSeconds) {
      if (countdown) countdown.textContent = format(remaining);
      if (box.hidden) {
        box.hidden = false;
        if (stayButton) stayButton.focus();
      }
    } else if (!box.hidden) {
      box.hidden = true;
    }
  };

  const stay = () => {
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      redirect: "manual",
    }).then((response) => {
      if (response.status === 204) {
        markActive();
        tick();
      } else {
        logout();
      }
    }).catch(() => { /* offline: the countdown goes on */ });
  };

  markActive();
  if (stayButton) stayButton.addEventListener("click", stay);
  // Requests made by htmx count as activity on the server too.
  body.addEventListener("htmx:afterRequest", markActive);
  window.setInterval(tick, 1000);
})();
