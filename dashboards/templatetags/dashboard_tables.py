"""The cells of a dashboard row as HTML, in one pass.

The national view has a table per figure and column with thirty regions as rows: over a thousand
cells, each with a branch for a suppressed count or derived figure. As template nodes they cost
about 170 ms a new filter (docs/performance.md); here the same markup is built once per row, with
the screen-reader text translated once per call.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def row_cells(cells) -> str:
    """`<td>` for every cell: "<5" with "minder dan 5" for a screen reader, "onderdrukt" muted."""
    fewer = conditional_escape(gettext("minder dan 5"))
    parts = []
    for cell in cells:
        text = conditional_escape(cell.text)
        if cell.suppressed_count:
            parts.append(f'<td class="text-end"><span aria-hidden="true">{text}</span>'
                         f'<span class="visually-hidden">{fewer}</span></td>')
        elif cell.suppressed_derived:
            parts.append(f'<td class="text-end"><span class="text-body-secondary fst-italic">{text}</span></td>')
        else:
            parts.append(f'<td class="text-end">{text}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
