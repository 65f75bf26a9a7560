// ZVH Procesregie — small behaviours, loaded as a file (no inline scripts: strict CSP ahead).
document.addEventListener("DOMContentLoaded", () => {
  // Send htmx requests with the CSRF token taken from the cookie-less hidden input on the page.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});
