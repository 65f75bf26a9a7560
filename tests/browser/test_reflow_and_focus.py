"""Pages that fit and focus you can see (issue 20), in Chromium, on the demo data.

For each of six demo users the test walks every page reachable by links from their home page (GET
only; one visit per URL pattern, so every view of the URL registry that the user can reach), and:
- at 320 px: fails when the page scrolls sideways (WCAG 1.4.10 reflow); tables may scroll inside their
  own region, never the page;
- at 1280 px: fails when a table inside a card hides columns behind a scroll bar, or the navbar's user
  block takes more than two lines;
- focuses every kind of focusable element (link, button, field, radio, checkbox, summary, …) and fails
  when its focus outline is under 3:1 against the background around it (WCAG 1.4.11 / 2.4.7), and
  when the border of a field, radio or checkbox is under 3:1.
The findings are written to $TEST_ARTIFACTS_DIR/reflow-focus.json.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

USERS = ["rr-procesregisseur", "rr-casusregisseur", "rr-partner-school", "rr-manager", "rr-beheerder",
         "landelijk-coordinator"]
SKIP_SUFFIXES = (".pdf", ".csv", ".ics", ".json", "/pdf/", "/export/", "/json/")
SKIP_PREFIXES = ("/beheer/", "/static/", "/uitloggen/")
MAX_PAGES_PER_USER = 60

# In the page: contrast helpers (WCAG relative luminance), and the checks.
CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backgroundAround = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    return el.getClientRects().length > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const describe = (el) => `${el.tagName.toLowerCase()}${el.type ? "[" + el.type + "]" : ""}` +
    `${el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).slice(0, 3).join(".") : ""}` +
    ` “${(el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40)}”`;
  const kind = (el) => {
    if (el.tagName === "INPUT") return "input-" + el.type;
    if (el.tagName === "A") {
      return el.closest(".navbar") ? "navbar-link" : (el.classList.contains("btn") ? "link-button" : "link");
    }
    if (el.tagName === "BUTTON") return el.closest(".navbar") ? "navbar-button" : "button";
    return el.tagName.toLowerCase();
  };
  const problems = [];
  const kinds = {};
  // Measure end states, not a colour halfway through Bootstrap's 0.15 s transition.
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; }";
  document.head.appendChild(still);
  // Borders of fields, radios and checkboxes (unfocused).
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  document.querySelectorAll(".form-control, .form-select, .form-check-input").forEach((el) => {
    if (!visible(el)) return;
    const s = getComputedStyle(el);
    const border = parse(s.borderTopColor);
    const ratio = contrast(border, backgroundAround(el));
    if (parseFloat(s.borderTopWidth) < 1 || ratio < 3) problems.push(`border ${ratio.toFixed(2)}:1 ${describe(el)}`);
  });
  const focusable = [...document.querySelectorAll(
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), " +
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])")].filter(visible);
  const seen = new Set();
  for (const el of focusable) {
    // One check per kind of element on each background (the outline's contrast depends on nothing else).
    const bg = backgroundAround(el);
    const signature = describe(el).replace(/ “.*$/, "") + "|" + (el.closest(".navbar") ? "nav" : "") +
      `|${bg.r},${bg.g},${bg.b}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const width = parseFloat(s.outlineWidth);
    const color = parse(s.outlineColor);
    const ratio = s.outlineStyle === "none" || !color || width < 2 ? 0 : contrast(color, backgroundAround(el));
    kinds[kind(el)] = (kinds[kind(el)] || 0) + 1;
    if (ratio < 3) {
      problems.push(`focus ${ratio.toFixed(2)}:1 (outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}) ` +
                    describe(el));
    }
  }
  return { problems, kinds };
}
"""

OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    document.querySelectorAll("body *").forEach((el) => {
      const r = el.getBoundingClientRect();
      const skip = el.closest(".table-responsive, .visually-hidden, .visually-hidden-focusable");
      if (r.right > root.clientWidth + 1 && !skip) {
        const parent = el.parentElement;
        const parentWide = parent && parent.getBoundingClientRect().right > root.clientWidth + 1;
        if (!parentWide) {
          wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} → ${Math.round(r.right)}px`);
        }
      }
    });
  }
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 8) };
}
"""

WIDE_LAYOUT_JS = """
() => {
  const hidden = [...document.querySelectorAll(".card .table-responsive")]
    .filter((r) => r.scrollWidth > r.clientWidth + 1)
    .map((r) => (r.querySelector("caption") || r.closest(".card").querySelector("h2, h3") || r)
      .textContent.trim().slice(0, 60));
  const user = document.querySelector("[data-testid=current-user]");
  let lines = 0;
  if (user && user.getClientRects().length) {
    const lineHeight = parseFloat(getComputedStyle(user).lineHeight) || 16;
    lines = Math.round(user.getBoundingClientRect().height / lineHeight);
  }
  const root = document.documentElement;
  return { hidden, userLines: lines, pageScrolls: root.scrollWidth > root.clientWidth };
}
"""


def reflow_problems(page, where):
    """The page (at 320 px wide on entry) fits without sideways scrolling (WCAG 1.4.10), and at 1280 px
    neither scrolls sideways nor hides table columns behind a scroll bar. Leaves the page at 1280 px;
    returns the wide layout's measurements and the problems found."""
    problems = []
    narrow = page.evaluate(OVERFLOW_JS)
    if narrow["scrollWidth"] > narrow["clientWidth"]:
        problems.append(f"{where} scrolls sideways at 320 px: {narrow['scrollWidth']} > "
                        f"{narrow['clientWidth']} — {narrow['wide']}")
    page.set_viewport_size({"width": 1280, "height": 900})
    wide = page.evaluate(WIDE_LAYOUT_JS)
    if wide["pageScrolls"]:
        problems.append(f"{where} scrolls sideways at 1280 px: {page.evaluate(OVERFLOW_JS)['wide']}")
    if wide["hidden"]:
        problems.append(f"{where} at 1280 px hides columns of: {wide['hidden']}")
    return wide, problems


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]:not([download]), nav a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _pattern(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def test_every_reachable_page_reflows_at_320px_and_shows_focus_at_3_to_1(page, live_server, demo_data, login):
    report, failures = {}, []
    for username in USERS:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        login(page, username)
        queue, done, visited = ["/"], set(), []
        while queue and len(visited) < MAX_PAGES_PER_USER:
            path = queue.pop(0)
            name = _pattern(path)
            if name is None or name in done:
                continue
            done.add(name)
            page.set_viewport_size({"width": 320, "height": 800})
            response = page.goto(f"{live_server.url}{path}")
            if response is None or not response.headers.get("content-type", "").startswith("text/html") \
                    or response.status != 200:
                continue
            visited.append(name)
            wide, problems = reflow_problems(page, f"{username} {path} ({name})")
            failures += problems
            if wide["userLines"] > 2:
                failures.append(f"{username} {path} navbar user block on {wide['userLines']} lines")
            page.keyboard.press("Tab")  # keyboard modality: focus is shown as for a keyboard user
            focus = page.evaluate(CONTRAST_JS)
            failures += [f"{username} {path} ({name}) {problem}" for problem in focus["problems"]]
            report.setdefault(username, {})[name] = {"path": path, "kinds": focus["kinds"]}
            queue += [link for link in _links(page, live_server.url) if _pattern(link) not in done]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reflow-focus.json").write_text(json.dumps({"pages": report, "failures": failures}, indent=2,
                                                            ensure_ascii=False))
    # The walk reached the pages the issue names, so the checks above are not vacuous.
    names = {name for pages in report.values() for name in pages}
    for expected in ("planning:plan_detail", "planning:meeting_detail", "cases:region_list", "cases:triage_list",
                     "planning:plan_print", "cases:referral_detail", "cases:case_detail", "cases:register",
                     "dashboards:region", "dashboards:national", "monitoring:escalate"):
        assert expected in names, f"the walk never reached {expected}"
    kinds = {kind for pages in report.values() for page_report in pages.values() for kind in page_report["kinds"]}
    assert {"navbar-link", "link", "button", "input-text", "input-radio", "input-checkbox", "select",
            "textarea"} <= kinds, kinds
    assert failures == [], "\n".join(failures)
