"""HTML to PDF with WeasyPrint, which needs the Pango library at run time (the Docker image has
it); without it, `PdfUnavailable` says so and the HTML is still there to print."""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing; the message says which."""


def html_to_pdf(html: str) -> bytes:
    """The HTML page (its print styles: page size, breaks) as PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango or one of its libraries is missing
        raise PdfUnavailable(
            f"PDF needs WeasyPrint and the Pango library ({_first_line(error)}); "
            "install Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0) or use --format html"
        ) from None
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # None only when writing to a target
    return bytes(pdf)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
