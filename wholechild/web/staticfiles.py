"""WhiteNoise's storage for the static files in production, with each file's address remembered.

`{% static 'wholechild.css' %}` asks the storage for the file's hashed name on every page: a
parse of the name, a look in the manifest, a join, an unquote, the same answer each time. The
manifest only changes when collectstatic runs, so the answers are kept until it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return str(super().url(name, force))
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = str(super().url(name))
        return found

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
