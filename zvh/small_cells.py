"""The one small-cell rule for every published count (home pages, dashboards, CSV).

- 0 is shown: it singles nobody out.
- 1–4 is shown as "<5" (primary suppression).
- 5 and more is rounded to a multiple of 5 (half up: 7 → 5, 8 → 10). This is the secondary
  protection: every published count is 0 or a multiple of 5, so the difference between any two
  published counts — a total and its rows, a figure and its complement, the same figure under two
  filter settings or periods — is 0 or a multiple of 5, and never reveals a count of 1–4.
- A share is computed from the rounded counts (it tells nothing the counts do not), and is
  suppressed when either count is suppressed.

Lives in `zvh` (the foundation) so the home page and the dashboards apply the same rule.
"""

THRESHOLD = 5
SUPPRESSED = "<5"
BASE = 5


def rounded(n: int) -> int:
    """`n` rounded half up to a multiple of BASE (n ≥ THRESHOLD)."""
    return (n + BASE // 2) // BASE * BASE


def published_count(n: int) -> int | None:
    """The number that may be published for a count of `n` cases, or None when it is suppressed."""
    if n == 0:
        return 0
    if n < THRESHOLD:
        return None
    return rounded(n)


def count_text(n: int) -> str:
    value = published_count(n)
    return SUPPRESSED if value is None else str(value)


def published_share(part: int, whole: int) -> int | None:
    """A percentage from the published counts, or None when it would single someone out."""
    if whole < THRESHOLD or 0 < part < THRESHOLD:
        return None
    return round(100 * published_count(part) / published_count(whole))
