"""The one exception the site builder raises for problems a page author can fix."""

from __future__ import annotations


class BuildError(Exception):
    """A page, query, template or privacy check failed; the message says where."""
