"""Photos: where an article's photos are found, and how they are made ready for each format.

``discover`` finds the photo files beside an article (or in ``--photos DIR``) and
``attach`` gives them to the captions, after reading, so readers stay bytes in,
Article out; ``image`` does the Pillow work (orientation, metadata, size, colour)
and is the only module here that imports Pillow; ``settings`` declares the style's
``[photos]`` section.
"""

from __future__ import annotations


class PhotoError(ValueError):
    """A photo that cannot be used: ``path`` and the reason (the message is the reason)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


__all__ = ["PhotoError"]
