"""``links``: web addresses on a measure, at the top of a plan and of the agreement."""

from typing import Annotated

from pydantic import StringConstraints

from bygdevekst_cli.models.base import Model
from bygdevekst_cli.models.meta import Meta
from bygdevekst_cli.types import Name

#: A web address (``https://``, ``http://``) or an e-mail link (``mailto:``), no spaces.
Url = Annotated[str, StringConstraints(pattern=r"^(https?://[^\s/]+\S*|mailto:\S+@\S+)$")]


class Link(Model):
    """A link with a title: a web page, a report, a case in the public records."""

    title: Annotated[Name, Meta(compared=True)]
    url: Annotated[Url, Meta(key=True)]
