"""Reading a file lplan did not write: regular files only, never more than a limit.

Shared by report and plan loading. A FIFO, a device or a socket is refused
before it is opened for reading (opening a FIFO blocks; /dev/zero never
ends), and at most ``limit`` bytes are read, so a huge file costs no more
memory than the limit. Callers turn the exceptions into their own messages.
"""

from __future__ import annotations

import os
import stat

#: The most lplan reads of a file it did not write (a report, a plan file): 5 MiB, far more than any holds.
MAX_BYTES = 5 * 1024 * 1024


class NotRegular(Exception):
    """The path is a directory, FIFO, device or socket; ``mode`` says which."""

    def __init__(self, mode: int) -> None:
        super().__init__(mode)
        self.mode = mode


def read_regular(path: str, limit: int) -> tuple[bytes, int]:
    """(at most ``limit`` bytes of the regular file at ``path``, its size).

    Raises NotRegular for anything but a regular file and OSError when it
    cannot be read. Never blocks.
    """
    before = os.stat(path)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegular(before.st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb") as fh:
        opened = os.fstat(fh.fileno())
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the stat
            raise NotRegular(opened.st_mode)
        return fh.read(limit), opened.st_size
