"""Accessible PDFs for everything the product hands out (plan van aanpak, inzage): WeasyPrint's PDF/UA-1.

PDF/UA tags the document: a structure tree with headings (H1–H6), tables with their header cells,
lists and paragraphs, the document's language (`/Lang`, from `<html lang>`) and its title (from
`<title>`, shown as the window title). WeasyPrint may not fetch anything: every document is
self-contained (no network on a care network). tests/test_pdf_accessibility.py checks every PDF.
"""

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def no_fetch(url, *args, **kwargs):
    """The url_fetcher of every PDF: nothing is fetched from outside."""
    raise ValueError(f"external resource refused: {url}")


def render_document(html: str, *, stylesheet_files: tuple[str, ...] = ()):
    """The laid-out document (pages with their boxes); `write_pdf(document)` gives the bytes."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    stylesheets = [CSS(filename=name, url_fetcher=no_fetch) for name in stylesheet_files]
    return HTML(string=html, url_fetcher=no_fetch, base_url=".").render(stylesheets=stylesheets, **PDF_OPTIONS)


def write_pdf(document) -> bytes:
    """The tagged PDF/UA-1 bytes of a laid-out document."""
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(html: str, *, stylesheet_files: tuple[str, ...] = ()) -> bytes:
    return write_pdf(render_document(html, stylesheet_files=stylesheet_files))
