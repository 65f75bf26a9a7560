"""Keyboard only (issue 20): Tab through the aanmelding, the plan page and the escalation form; every
stop is a visible control with a focus outline of at least 2 px, focus never falls to <body>, and a
screenshot of the focus on each kind of control goes to $TEST_ARTIFACTS_DIR (keyboard-*.png).
Then a failed submit of the aanmelding puts the focus on the error summary; a delete from the plan
page asks first and comes back with the focus on the message that names what was removed."""

import pytest

from cases.constants import CaseStage
from cases.models import Case
from planning.models import Goal
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  let kind = el.tagName.toLowerCase();
  if (kind === "input") kind += "-" + el.type;
  if (kind === "a" && el.classList.contains("btn")) kind = "link-button";
  if (el.closest(".navbar")) kind = "navbar-" + kind;
  return { kind, outline: parseFloat(s.outlineWidth), style: s.outlineStyle,
           box: { x: r.x, y: r.y, width: r.width, height: r.height },
           name: (el.name || el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40) };
}
"""


def _walk(page, name, limit=150):
    """Tab through the page; a screenshot per kind of control; returns the kinds seen."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("body").focus()
    kinds, problems = {}, []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break  # past the last control: focus left the document
        if focused["box"]["width"] == 0 or focused["box"]["height"] == 0:
            problems.append(f"invisible stop: {focused}")
        if focused["style"] == "none" or focused["outline"] < 2:
            problems.append(f"no visible focus: {focused}")
        if focused["kind"] not in kinds:
            kinds[focused["kind"]] = focused["name"]
            page.locator(":focus").scroll_into_view_if_needed()
            box = page.evaluate(FOCUSED)["box"]
            page.screenshot(path=str(ARTIFACTS / f"keyboard-{name}-{focused['kind']}.png"),
                            clip={"x": max(box["x"] - 40, 0), "y": max(box["y"] - 30, 0),
                                  "width": min(box["width"] + 80, 1280), "height": box["height"] + 60})
    assert problems == [], problems
    return kinds


def test_keyboard_walk_of_the_aanmelding_and_a_failed_submit_focuses_the_summary(page, live_server, demo_data,
                                                                                  login):
    login(page, "rr-partner-school")
    page.goto(f"{live_server.url}/casussen/aanmelden/")
    kinds = _walk(page, "aanmelding")
    assert {"a", "navbar-a", "select", "textarea", "input-text", "input-email", "input-date", "button"} <= set(kinds), \
        kinds
    # Submit empty with the keyboard: the summary gets the focus, the title says "Fout:".
    page.locator("button[type=submit]", has_text="Aanmelding versturen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"
    page.screenshot(path=str(ARTIFACTS / "keyboard-aanmelding-error-summary.png"))
    page.keyboard.press("Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")  # the first link jumps to its field
    page.wait_for_function(f"() => document.activeElement.id === '{target[1:]}'")


def test_keyboard_walk_of_the_plan_page_and_a_delete_with_confirmation(page, live_server, demo_data, login):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.PLAN).first()
    goal = Goal.objects.filter(plan__case=case).first()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/plan/")
    kinds = _walk(page, "plan")
    assert {"a", "navbar-a", "navbar-button", "button", "link-button"} <= set(kinds), kinds
    # The delete link names the goal; it asks first; after removing, the focus is on the message.
    link = page.get_by_role("link", name=f"Doel „{goal.text[:20]}", exact=False).filter(has_text="verwijderen")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "verwijderen?" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Ja, verwijderen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#meldingen")
    assert page.evaluate("document.activeElement.id") == "meldingen"
    assert "verwijderd" in page.locator("#meldingen").inner_text()
    page.screenshot(path=str(ARTIFACTS / "keyboard-plan-after-delete.png"))


def test_the_escalation_form_radios_are_visible_and_reachable(page, live_server, demo_data, login):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.MONITORING).first()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/opschalen/")
    kinds = _walk(page, "escalation")
    assert "input-radio" in kinds, kinds
