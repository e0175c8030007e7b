"""Page names as Logseq derives and compares them.

A file's page name comes from its ``title::`` or else from its file name, decoded by the
graph's ``:file/name-format`` (logseq/logseq ``deps/graph-parser/src/logseq/graph_parser/
util.cljs`` ``title-parsing``); two names are the same page when their keys are equal
(``page-name-sanity-lc``: lower-cased, one boundary ``/`` removed at each end, NFC).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def file_body(relative: str) -> str:
    """The file name without its folder and its last extension (``path->file-body``)."""
    name = relative.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def file_page_name(relative: str, name_format: str) -> str:
    """The page name a file's path gives it under ``:legacy`` or ``:triple-lowbar``."""
    if "pages/contents." in relative:
        return "Contents"
    body = file_body(relative)
    if name_format == "triple-lowbar":
        return _triple_lowbar_title(body)
    return _legacy_title(body)


def _triple_lowbar_title(body: str) -> str:
    """``___`` is ``/``, each ASCII ``%XX`` is its character (multi-byte escapes stay as
    written), empty namespace parts are dropped."""
    title = _PERCENT_ESCAPE.sub(
        lambda m: chr(int(m.group(1), 16)) if int(m.group(1), 16) < 0x80 else m.group(0), body.replace("___", "/")
    )
    return "/".join(part for part in title.split("/") if part) if "/" in title else title


def _legacy_title(body: str) -> str:
    """Every ``.`` is ``/``, then the whole is URI-decoded (left as is when that fails)."""
    title = body.replace(".", "/")
    return _decode_uri_component(title) or title


def _decode_uri_component(text: str) -> str | None:
    """JavaScript's ``decodeURIComponent``, or None where it would throw (a ``%`` that does
    not start an escape, or escapes that are not UTF-8)."""
    if "%" not in text:
        return text
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return None
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


def remove_boundary_slashes(name: str) -> str:
    """One ``/`` off each end."""
    if name.startswith("/"):
        name = name[1:]
    if name.endswith("/"):
        name = name[:-1]
    return name


def page_key(name: str) -> str:
    """The key Logseq stores a page under (``page-name-sanity-lc``)."""
    return unicodedata.normalize("NFC", remove_boundary_slashes(name.lower()))


def is_namespace(name: str) -> bool:
    """Whether a page name is a namespace page (text.cljs ``namespace-page?``): holds a
    ``/``, is not a relative path, not a URL and no nested link."""
    return "/" in name and not name.startswith(("./", "../")) and not _URL.match(name) and "[[" not in name


def namespace_parents(name: str) -> list[str]:
    """The pages a namespace page implies: ``a/b/c`` → ``a``, ``a/b``."""
    if not is_namespace(name):
        return []
    parts = name.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


_RESERVED_BODY = re.compile(r"(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])\Z", re.IGNORECASE)
_PERCENT_LIKE = re.compile(r"%(?=[0-9A-Fa-f]{2})")
_TRIPLE_LOWBAR_ESCAPED = re.compile(r'[:*?"<>|#\\]+')
_LEGACY_ESCAPED = re.compile(r'[#|%:*?"<>\\/]')


def _percent(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


def page_file_body(name: str, name_format: str) -> str:
    """The file name (without extension) Logseq writes for a page (logseq/logseq
    ``src/main/frontend/util/fs.cljs`` ``file-name-sanity``)."""
    if name_format != "triple-lowbar":
        return _LEGACY_ESCAPED.sub(lambda m: _percent(m.group(0)), name)
    body = unicodedata.normalize("NFC", remove_boundary_slashes(name))
    body = _PERCENT_LIKE.sub("%25", body)
    body = _TRIPLE_LOWBAR_ESCAPED.sub(lambda m: _percent(m.group(0)), body)
    if body.startswith("."):
        body = "%2E" + body[1:]
    if _RESERVED_BODY.match(body) or body.endswith("."):
        body += "/"
    body = body.replace("___", "%5F%5F%5F").replace("_/", "%5F/").replace("/_", "/%5F")
    return body.replace("/", "___")
