"""The graph cache: what each file contributes to the graph (its facts, with the findings
of the page rules), kept between runs so that a run reads only the files that changed.

Under ``<graph>/.logseq-lint-cache/`` (a hidden folder, so Logseq and logseq-lint leave
it out; it holds its own ``.gitignore``), per namespace: one file of entries (each page's
summary, which every run reads) and 64 details files (each page's details, read only for
the files a check reports on). The namespace is a digest of logseq-lint's version, the
graph's ``logseq/config.edn`` and the page rules with their options: anything else would
change the facts. ``results.pickle`` remembers whole checks (``ResultCache``) and
``config.pickle`` the last ``config.edn`` read (``remembered``). Entries are keyed by path; an entry
is used when the file's size and modification time are those recorded (its content digest
is checked instead when the file changed within two seconds of the cache being written,
when a later edit could keep the same time), or when the file's digest is the recorded
one. Only the entries of this run are written back, so dead ones go.

A cache file is signed with the user's own key (see ``user_cache``): one that is
malformed, from another version, or not signed by this user (it came with the graph, say)
is ignored, never fatal, and never unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from ..user_cache import signing_key
from ..writer import UnsafeWriteError, write_bytes

if TYPE_CHECKING:
    from .facts import PageSummary

CACHE_DIR = ".logseq-lint-cache"
_MAGIC = b"logseq-lint cache 8\n"
_RACY_NS = 2_000_000_000  # mtime granularity and clock skew, with room to spare
_KEEP = 4  # cache files kept per graph (other settings, other versions)
_KEEP_RESULTS = 8  # whole checks remembered


_SHARDS = 64  # details files per namespace: a run reads and writes only those it needs


class Entry(NamedTuple):  # a named tuple: thousands are read per run, and tuples read fast
    size: int
    mtime_ns: int
    digest: str
    value: Any  # a page's Packed facts, the reason a file is unreadable, backup ids


class Packed(NamedTuple):
    """A page file's facts as the cache keeps them: its summary (read by every run), and
    its details pickled (kept in a details file, read when a rule needs them; empty here
    once they are)."""

    summary: PageSummary
    details: bytes


def namespace(root: Path, page_rules: str) -> str:
    """What the cached facts depend on besides each file's own content."""
    try:
        config = (root / "logseq" / "config.edn").read_bytes()
    except OSError:
        config = b""
    parts = [__version__.encode(), hashlib.sha256(config).digest(), page_rules.encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:24]


class GraphCache:
    """The entries of one namespace, read at the start of a run and written at its end."""

    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / f"{key}.cache"
        self.details_folder = self.folder / f"{key}.details"
        self.entries, self.written_ns = _read(self.path)
        self.used: dict[str, Entry] = {}
        self.changed = False
        self.shards: dict[str, dict[str, bytes]] = {}  # the details files read so far
        try:
            self.present = set(os.listdir(self.details_folder))
        except OSError:
            self.present = set()
        self.all_present = self.present.issuperset(f"{shard:02x}" for shard in range(_SHARDS))

    def details(self, relative: str) -> bytes | None:
        """A page's pickled details from its details file (None when that is gone)."""
        return self._shard(_shard_of(relative)).get(relative)

    def _shard(self, shard: str) -> dict[str, bytes]:
        if shard not in self.shards:
            self.shards[shard] = _read(self.details_folder / shard)[0]
        return self.shards[shard]

    def by_stat(self, relative: str, size: int, mtime_ns: int) -> Any | None:
        """The cached value, when the file has the recorded size and time."""
        entry = self.entries.get(relative)
        if entry is None or entry.size != size or entry.mtime_ns != mtime_ns:
            return None
        if entry.mtime_ns >= self.written_ns - _RACY_NS:
            return None  # could have changed since without its time changing: read it
        if self._lost(entry.value, relative):
            return None
        self.used[relative] = entry
        return entry.value

    def _lost(self, value: Any, relative: str) -> bool:
        """Whether a page's details file is gone (then the page is read again)."""
        return (
            isinstance(value, Packed)
            and not value.details
            and not self.all_present
            and _shard_of(relative) not in self.present
        )

    def keep(self, relative: str) -> None:
        """Keep an entry this run does not look at."""
        if relative in self.entries:
            self.used[relative] = self.entries[relative]

    def digest_of(self, relative: str) -> str | None:
        entry = self.entries.get(relative)
        return entry.digest if entry is not None and not self._lost(entry.value, relative) else None

    def by_digest(self, relative: str, size: int, mtime_ns: int, digest: str) -> Any | None:
        """The cached value, when the file's content has the recorded digest."""
        entry = self.entries.get(relative)
        if entry is None or entry.digest != digest or self._lost(entry.value, relative):
            return None
        self.store(relative, size, mtime_ns, digest, entry.value)
        return entry.value

    def store(self, relative: str, size: int, mtime_ns: int, digest: str, value: Any) -> None:
        self.used[relative] = Entry(size, mtime_ns, digest, value)
        self.changed = True

    def save(self) -> None:
        """Write this run's entries (when they differ from what was read), and prune the
        cache files of other namespaces beyond the most recent few. Failing to write is
        not an error: the next run reads the files again."""
        if self.folder.is_symlink():  # it may have come with the graph: never written through
            return
        if not self.changed and self.used.keys() == self.entries.keys():
            return
        dirty: set[str] = set()
        kept: dict[str, Entry] = {}
        for relative, entry in self.used.items():
            value = entry.value
            if isinstance(value, Packed) and value.details:  # new details: into their file
                shard = _shard_of(relative)
                self._shard(shard)[relative] = value.details
                dirty.add(shard)
                entry = entry._replace(value=value._replace(details=b""))
            kept[relative] = entry
        for relative in self.entries.keys() - self.used.keys():  # files gone: their details too
            if isinstance(self.entries[relative].value, Packed):
                shard = _shard_of(relative)
                if self._shard(shard).pop(relative, None) is not None:
                    dirty.add(shard)
        for shard in sorted(dirty):  # before the entries that need them
            if not _write_signed(self.details_folder, self.details_folder / shard, self.shards[shard]):
                return
        if _write_signed(self.folder, self.path, kept):
            _prune(self.folder, self.path)


class ResultCache:
    """The findings of whole checks, for a graph in which nothing changed since: by what
    was checked (rules, options, scope), with a fingerprint of everything the check read.
    A few recent checks are kept."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / "results.pickle"
        self.entries, self.written_ns = _read(self.path)

    def get(self, key: str, fingerprint: str, newest_ns: int) -> Any | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] != fingerprint or newest_ns >= self.written_ns - _RACY_NS:
            return None
        return entry[1]

    def put(self, key: str, fingerprint: str, value: Any) -> None:
        entries = {k: v for k, v in self.entries.items() if k != key}
        entries[key] = (fingerprint, value)
        _write_signed(self.folder, self.path, dict(list(entries.items())[-_KEEP_RESULTS:]))


def _write_signed(folder: Path, path: Path, entries: dict[str, Any]) -> bool:
    """Write a cache file (signed with the user's key); False when it cannot be written."""
    payload = pickle.dumps((time.time_ns(), entries), protocol=pickle.HIGHEST_PROTOCOL)
    signature = hmac.digest(signing_key(), payload, "sha256")
    if folder.is_symlink():  # it may have come with the graph: never written through
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if folder.name == CACHE_DIR and not ignore.exists():
            write_bytes(ignore, b"# logseq-lint's cache: never commit it\n*\n")
        write_bytes(path, _MAGIC + signature + payload)
    except (OSError, UnsafeWriteError):
        return False
    return True


def _shard_of(relative: str) -> str:
    """The details file of a page (a stable hash: Python's own changes between runs)."""
    return f"{hashlib.sha1(relative.encode('utf-8', 'surrogateescape')).digest()[0] % _SHARDS:02x}"


def _read(path: Path) -> tuple[dict[str, Any], int]:
    """A cache file's entries and when it was written; nothing when it is missing,
    malformed, or not signed with this user's key (then it is never unpickled)."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}, 0
    signature, payload = data[len(_MAGIC) : len(_MAGIC) + 32], data[len(_MAGIC) + 32 :]
    if not data.startswith(_MAGIC) or not hmac.compare_digest(signature, hmac.digest(signing_key(), payload, "sha256")):
        return {}, 0
    try:
        written_ns, entries = pickle.loads(payload)
    except Exception:  # signed by us but unreadable (an older Python, say): start afresh
        return {}, 0
    if not isinstance(entries, dict) or not isinstance(written_ns, int):
        return {}, 0
    return entries, written_ns


def _prune(folder: Path, keep: Path) -> None:
    others = sorted(
        (path for path in folder.glob("*.cache") if path != keep), key=lambda path: path.stat().st_mtime, reverse=True
    )
    for stale in others[_KEEP - 1 :]:
        stale.unlink(missing_ok=True)
        shutil.rmtree(stale.with_suffix(".details"), ignore_errors=True)


def clear(root: Path) -> int:
    """Remove the graph's cache; how many cache files there were."""
    folder = root / CACHE_DIR
    removed = 0
    if folder.is_symlink() or not folder.is_dir():  # none, or not ours (a link, a file): left alone
        return removed
    for path in (*folder.glob("*.cache"), *folder.glob("*.pickle")):
        path.unlink(missing_ok=True)
        shutil.rmtree(path.with_suffix(".details"), ignore_errors=True)
        removed += 1
    (folder / ".gitignore").unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty: someone else's files
        folder.rmdir()
    return removed


def remembered(root: Path, name: str, key: str, compute: Callable[[], Any]) -> Any:
    """A value computed from something the graph holds (``key`` is its digest), kept in
    the graph's cache as ``name``: computed only when that changed."""
    folder = root / CACHE_DIR
    path = folder / f"{name}.pickle"
    entries, _ = _read(path)
    if key in entries:
        return entries[key]
    value = compute()
    if folder.is_dir():  # a graph that a check has cached already
        _write_signed(folder, path, {key: value})
    return value
