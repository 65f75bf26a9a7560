// ZVH Procesregie — small behaviours, loaded as a file (no inline scripts: strict CSP ahead).
document.addEventListener("DOMContentLoaded", () => {
  // After a failed submit the error summary gets the focus (templates/base.html), so the keyboard and
  // screen-reader user hears what went wrong and can jump to each field from there.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  } else if (window.location.hash === "#meldingen") {
    // After removing something: the message that names what was removed (planning delete views).
    const box = document.getElementById("meldingen");
    if (box) box.focus();
  }
  // Send htmx requests with the CSRF token taken from the cookie-less hidden input on the page.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});

// A table that scrolls sideways must be reachable with the keyboard (WCAG 2.1.1): make the
// scroll container focusable and name it after the table's caption or the nearest heading.
const makeScrollRegionsFocusable = () => {
  document.querySelectorAll(".table-responsive").forEach((region) => {
    const scrolls = region.scrollWidth > region.clientWidth;
    if (scrolls && !region.hasAttribute("tabindex")) {
      const caption = region.querySelector("caption");
      const section = region.closest("section, .card");
      const heading = section && section.querySelector("h1, h2, h3, h4");
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", (caption || heading || { textContent: "Tabel" }).textContent.trim());
      region.dataset.madeFocusable = "1";
    } else if (!scrolls && region.dataset.madeFocusable) {
      ["tabindex", "role", "aria-label"].forEach((name) => region.removeAttribute(name));
      delete region.dataset.madeFocusable;
    }
  });
};
document.addEventListener("DOMContentLoaded", makeScrollRegionsFocusable);
window.addEventListener("resize", makeScrollRegionsFocusable);
document.addEventListener("htmx:afterSettle", makeScrollRegionsFocusable);
