"""Office packages (zip files) with the same bytes for the same input.

openpyxl stamps a workbook with the wall clock twice: the package's ``modified`` property
and every zip entry's time. Two runs of the same overview then differ, and a county that
keeps its overviews in git sees a changed binary each week with nothing changed in it.
Here both come from one moment (``provenance.fixed_time``, which honours
``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from bygdevekst_cli.render.provenance import fixed_time

ZIP_EPOCH = dt.datetime(1980, 1, 1)
"""The earliest time a zip entry can hold."""

_CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_package(data: bytes, moment: dt.datetime | None = None) -> bytes:
    """``data`` (a zip package) with every entry dated ``moment`` and its core properties'
    ``created`` and ``modified`` set to it; entries keep their names, order and contents."""
    moment = moment or fixed_time()
    stamp = max(moment, ZIP_EPOCH).timetuple()[:6]
    shown = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == _CORE:
                content = _STAMPS.sub(lambda m: m.group(1) + shown + m.group(3), content)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
