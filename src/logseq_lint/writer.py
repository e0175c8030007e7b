"""The one way logseq-lint writes a file: whole, atomically, and only if nobody changed it
since it was read.

The new text goes to a temporary file in the same folder, is flushed to disk, takes the old
file's permission bits and replaces it with ``os.replace`` (atomic on POSIX and Windows), so
a reader or a crash sees the old page or the new one, never half of one. A symbolic link is
never written through, and a file whose bytes changed since they were read is left alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .syntax.source import content_digest


class UnsafeWriteError(Exception):
    """Why a file was not written."""


def write_text(path: Path, text: str, expected_digest: str) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8), provided its bytes still have the
    digest they had when read."""
    if path.is_symlink():
        raise UnsafeWriteError(f"{path} is a symbolic link; logseq-lint does not write through links")
    try:
        current = path.read_bytes()
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as error:
        raise UnsafeWriteError(f"{path} cannot be read again before writing: {error}") from None
    if content_digest(current) != expected_digest:
        raise UnsafeWriteError(f"{path} changed since it was read; it was left as it is")
    if not mode & stat.S_IWUSR:  # replacing it needs only the folder's permission: ask the file's
        raise UnsafeWriteError(f"{path} is read-only; it was left as it is")
    if not path.parent.stat().st_mode & _ANYONE_WRITES:  # root could still write in it
        raise UnsafeWriteError(f"{path} is in a read-only folder; it was left as it is")
    _replace(path, text.encode("utf-8"), mode)


_ANYONE_WRITES = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def write_output(path: Path, text: str) -> None:
    """Write a file logseq-lint owns (a report, a baseline) whole and atomically, over
    whatever was there, keeping its permission bits."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """``write_output`` for bytes (a cache file)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise UnsafeWriteError(f"{path} could not be written: {error}") from None
    _replace(path, data, mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(path: Path, data: bytes, mode: int) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UnsafeWriteError(f"{path} could not be written: {error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UnsafeWriteError(f"{path} could not be written: {error}") from None
