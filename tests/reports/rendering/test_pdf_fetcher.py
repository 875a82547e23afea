"""WeasyPrint's URL fetcher serves our static files and refuses everything else."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from reports.rendering.pdf import BASE_URL, StaticOnlyFetcher, static_file_for_url


def test_the_fetcher_serves_a_bundled_font():
    response = StaticOnlyFetcher().fetch("https://karsplan.invalid/static/fonts/DejaVuSans.ttf")
    assert response.content_type == "font/ttf"
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://karsplan.invalid/static/fonts/DejaVuSans.ttf",
        "https://example.org/static/fonts/DejaVuSans.ttf",
        "https://karsplan.invalid/media/reports/2025/x.pdf",
        "https://karsplan.invalid/static/../karsplan/settings.py",
        "https://karsplan.invalid/static/%2e%2e/karsplan/settings.py",
        "https://karsplan.invalid/static/fonts/../../karsplan/settings.py",
        "https://karsplan.invalid/static//etc/passwd",
        "https://karsplan.invalid/static/fonts/missing.ttf",
        "data:text/plain,hello",
        "ftp://karsplan.invalid/static/fonts/DejaVuSans.ttf",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        static_file_for_url(url)
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_a_document_pointing_elsewhere_still_renders_without_fetching_it(caplog):
    html = (
        '<p>Merhaba</p><img src="file:///etc/passwd"><img src="https://example.org/x.png">'
        '<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data">'
    )
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert "refused" in caplog.text
