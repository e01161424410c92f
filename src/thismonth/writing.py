"""Atomic file writes (a reader, or a crash, never sees half a file) and the one safe
reader of text files a user names (drafts, issues, sections)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from thismonth.errors import ThisMonthError


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    Bytes are written as they are: that is how a file read earlier is put back exactly."""
    _refuse_special(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ThisMonthError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        # mkstemp makes 0600 files; a draft is shared text: keep the old file's mode or 0644.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ThisMonthError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# An issue is tens of kilobytes; this bound only stops a wrong path (a disk image, a log)
# from being read whole into memory.
MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_DATA_BYTES = 512 * 1024 * 1024  # snapshots and document models of a big organization


class TextFileError(ThisMonthError):
    """A file a user named cannot be read as text: one line naming it (and the line)."""


def _refuse_special(path: Path) -> None:
    """Renaming over ``/dev/zero`` or a directory would replace it: refuse up front."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (it will be created) or unreachable (the write says why)
    if stat.S_ISDIR(mode):
        raise TextFileError(f"{path}: is a directory, not a file: name a file to write")
    if not stat.S_ISREG(mode):
        raise TextFileError(f"{path}: is not a regular file (a device, pipe or socket)")


def read_limited(path: Path, *, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    FileNotFoundError passes through (callers decide what a missing file means); every
    other problem is a TextFileError. Directories, devices (``/dev/zero`` never ends),
    pipes and sockets are refused before a byte is read.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise TextFileError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise TextFileError(f"{path}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise TextFileError(f"{path}: is not a regular file (a device, pipe or socket)")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise TextFileError(f"{path}: larger than {limit // (1024 * 1024)} MB: not an issue file")
    return b"".join(chunks)


def decode_text(data: bytes, path: Path | str) -> str:
    """UTF-8 text, or a TextFileError at ``file:line`` for binary data or other encodings."""
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise TextFileError(f"{path}:{line}: binary data (a NUL byte), not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TextFileError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}):"
            " save the file as UTF-8"
        ) from None


def read_text(path: Path, *, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file a user named, safely: see :func:`read_limited` and :func:`decode_text`."""
    return decode_text(read_limited(path, limit=limit), path)
