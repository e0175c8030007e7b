"""The user's own cache folder (``platformdirs``: ~/.cache/logseq-lint on Linux), private
to the user: the grammars' parse tables, and the key that signs the graph caches.

Nothing here is required: when the folder cannot be made or written, logseq-lint works
the same, only without the speed-up.
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

import platformdirs

_KEY_BYTES = 32


@cache
def user_cache() -> Path | None:
    """The folder (made private on first use), or None when it cannot be made."""
    folder = Path(os.environ.get("LOGSEQ_LINT_USER_CACHE") or platformdirs.user_cache_dir("logseq-lint"))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder


@cache
def signing_key() -> bytes:
    """The key that signs this user's graph caches, so that a cache file that came with a
    graph (from git, say) is never trusted: a fresh random key when there is no folder."""
    folder = user_cache()
    if folder is None:
        return secrets.token_bytes(_KEY_BYTES)
    path = folder / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == _KEY_BYTES:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
    except OSError:
        pass
    return key
