"""Text responses compressed for browsers that ask for it, by Flask-Compress.

Pages are compressed with Brotli or gzip, whichever the browser prefers. Streamed responses
(the gradebook CSV downloads, and static files) are compressed chunk by chunk as they are
sent, with gzip only: its compressor keeps about 300 KB whatever the length of the download,
while Brotli's, at the library's window, held a 9 MB export back until its end (14 MB).
Nothing is cached: every page is made for one person.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress

# Text that shrinks several times over; images other than SVG are compressed already.
MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
             "image/svg+xml", "application/json", "text/csv", "text/markdown"]
# Below about half a kilobyte the gzip header and the work cost more than they save.
MIN_SIZE = 500
_EXTENSION = "quiz.compress"


class _Compress(Compress):
    """Flask-Compress, with what it leaves out for a streamed response."""

    def after_request(self, response: Response | None) -> Response:
        if response is not None and response.status_code == 206:
            return response  # a byte range of the file as stored: compressed, it fits nowhere
        body = response.response if response is not None else None
        response = super().after_request(response)
        # It swaps the body for a compressing generator and never closes the body it took:
        # the static file stayed open, and a download cut short left its generator (and the
        # request context it holds) to the garbage collector.
        if response.response is not body and hasattr(body, "close"):
            response.call_on_close(body.close)
        return response


def init_app(app: Flask) -> None:
    """Compress responses of `app` (a Compress of its own: settings never leak between apps)."""
    for key, value in (
        ("COMPRESS_MIMETYPES", MIMETYPES),
        ("COMPRESS_MIN_SIZE", MIN_SIZE),
        ("COMPRESS_ALGORITHM", ["br", "gzip"]),
        ("COMPRESS_ALGORITHM_STREAMING", ["gzip"]),
        ("COMPRESS_STREAMS", True),
        # 304s for the static files (and the icon); a streamed download is never buffered
        # to compute an ETag.
        ("COMPRESS_STREAMING_ENDPOINT_CONDITIONAL", ["static", "favicon"]),
    ):
        app.config.setdefault(key, value)
    app.extensions[_EXTENSION] = _Compress(app)
