"""Read state: a SQLite database of story keys and when each was read, and of visits: when the
reader was last open on each folder, and when each digest file was first seen (for "New"); a
`meta` table says under which reading rules' keys the marks are (`keys_current`).

WAL mode and a busy timeout let two running copies mark items at once without losing any.
A file that is not a readable state database is moved aside (never deleted) and a fresh one
started; the caller is told through `messages`. When nothing can be saved (a read-only data dir,
a full disk) marks are kept in memory for this run and `writable` says so.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from tui.core.paths import identity

SCHEMA = 1
FILE_NAME = "state.db"
_BUSY_MS = 10_000
_CHUNK = 500
"""Keys asked of SQLite at once (its oldest builds take at most 999 parameters)."""


class Opening:
    """A state store opened, and its marks read, in a thread: the reader's start has it done
    while Textual is imported (SQLite reads outside the GIL; at 100,000 marks that is ~40 ms
    taken off the start). `result` waits for it. `later`: the marks are read as SQLite joins
    them, and made into a set only when `result_later`'s function is called (splitting and
    hashing 100,000 keys holds the GIL ~20 ms: the reader does it after its first frame)."""

    def __init__(self, data_dir: Path, later: bool = False) -> None:
        self.data_dir = data_dir
        self.later = later
        self._found: tuple[StateStore, Callable[[], set[str]]] | None = None
        self._thread = threading.Thread(target=self._open, name="brief-state", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            store = StateStore(self.data_dir)
            keys = store.read_keys_later()
            if not self.later:
                keys()
            self._found = (store, keys)
        except Exception:  # noqa: BLE001 - `result` opens it again where the error is reported
            self._found = None

    def result_later(self) -> tuple[StateStore, Callable[[], set[str]]]:
        """The store and what makes its read keys (opened here and now if the thread failed)."""
        self._thread.join()
        if self._found is None:
            store = StateStore(self.data_dir)
            return store, store.read_keys_later()
        return self._found

    def result(self) -> tuple[StateStore, set[str]]:
        """The store and its read keys (opened here and now if the thread failed)."""
        store, keys = self.result_later()
        return store, keys()


RETRY_AFTER = 60.0
"""Seconds after a failed write before a mark tries to write again (`StateStore.retry`)."""


class StateStore:
    """Which story keys have been read."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self.messages: list[str] = []
        """What the user should be told (a file moved aside, marks that cannot be saved)."""
        self.writable = True
        self._recovered: dict[str, float] = {}
        """Marks read out of a damaged database, for the fresh one."""
        self._conn: sqlite3.Connection | None = None
        self._memory: dict[str, float] = {}
        self._unsaved: set[str] = set()
        """Keys marked read in this run that are in no file (see `unsaved`)."""
        self._unmarked: set[str] = set()
        """Keys marked unread in this run while the file could not be written (`retry` deletes them)."""
        self._failed_at = 0.0
        """When writing last failed (time.monotonic()): a mark RETRY_AFTER seconds later tries again."""
        self._visits: dict[str, tuple[float, float | None]] = {}
        """Visits and arrivals kept for this run when they cannot be saved (see `visits`)."""
        self._arrivals: dict[str, float] = {}
        self._stamps: dict[str, str] = {}
        self._visit_tables = False
        self._lock = threading.RLock()
        """The UI thread (marks) and a worker (arrivals) use the connection: one at a time."""
        self._closed = False
        self._identity: tuple[int, int] | None = None
        """The device and inode of the file the connection writes (`_still_ours`)."""
        self.failure = ""
        """Why saving failed last (what the command line says at the end when marks were lost)."""
        self._open(data_dir)

    # -- opening -------------------------------------------------------------------------

    def _open(self, data_dir: Path) -> None:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._degrade(f"cannot create the data folder {data_dir} ({exc.strerror or exc})")
            return
        # (An empty file, as a full disk leaves one, is an empty database to SQLite: opened as is.)
        if self.path.is_dir() and not self.path.is_symlink():
            self._move_aside("it is a folder, not a file")
        moved = False
        deadline = time.monotonic() + _BUSY_MS / 1000
        while True:
            try:
                self._conn = self._connect()
                self._identity = identity(self.path)
                return
            except _Damaged as exc:
                self._close()
                if moved or not self._move_aside("it is damaged"):
                    break
                moved = True
                self._recovered = exc.rows
            except _NotOurs as exc:
                self._close()
                if moved or not self._move_aside(str(exc)):
                    break
                moved = True
            except sqlite3.OperationalError as exc:
                self._close()
                if ("locked" in str(exc) or "busy" in str(exc)) and time.monotonic() < deadline:
                    time.sleep(0.02)  # another copy is creating or checkpointing the database
                    continue
                self._read_only_copy()
                self._degrade(f"cannot write {self.path} ({exc})")
                return
        self._degrade(f"cannot start a fresh {self.path}")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if _cannot_write(exc):
                raise
            raise _NotOurs(f"it is not a readable state database ({exc})") from exc
        if version > SCHEMA:
            raise _NotOurs(f"it was written by a newer Brief (schema {version}, this one reads {SCHEMA})")
        if tables and "read_marks" not in tables:
            raise _NotOurs("it is an SQLite database, but not Brief's")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if not tables:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("CREATE TABLE IF NOT EXISTS read_marks (key TEXT PRIMARY KEY, read_at REAL NOT NULL) WITHOUT ROWID")
                conn.execute(f"PRAGMA user_version = {SCHEMA}")
                if self._recovered:
                    conn.executemany("INSERT OR IGNORE INTO read_marks (key, read_at) VALUES (?, ?)",
                                     [(_stored(key), at) for key, at in self._recovered.items()])
                    self.messages.append(f"{self.path}: recovered {len(self._recovered):,} read marks from the damaged file")
                    self._recovered = {}
                conn.execute("COMMIT")
            elif _small(self.path) and not _healthy(conn):  # pages damaged, header intact
                raise _Damaged(_salvage(conn))
            conn.execute("SELECT count(*) FROM read_marks").fetchone()
        except sqlite3.DatabaseError as exc:
            if _cannot_write(exc):
                raise  # (the file is fine: it is kept, read read-only, and new marks kept for this run)
            raise _NotOurs(f"it is not a readable state database ({exc})") from exc
        return conn

    def _move_aside(self, why: str) -> bool:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, target.with_name(target.name + suffix))
        except OSError as exc:
            self.messages.append(f"{self.path}: {why}; could not move it aside ({exc.strerror or exc})")
            return False
        self.messages.append(f"{self.path}: {why}; moved it to {target.name} and started a fresh one")
        return True

    def _read_only_copy(self) -> None:
        """Keep the marks of a database that can be read but not written (a read-only folder,
        a full disk): read-only first, then as immutable (a WAL database in a folder where its
        -shm file cannot be made)."""
        if not self.path.is_file():
            return
        for mode in ("mode=ro", "immutable=1"):
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{mode}", uri=True, timeout=1)
                try:
                    for key, at in conn.execute("SELECT key, read_at FROM read_marks"):
                        self._memory.setdefault(_loaded(key), at)
                finally:
                    conn.close()
                return
            except sqlite3.Error:
                continue

    def _degrade(self, why: str) -> None:
        self._failed_at = time.monotonic()
        if not self.writable:
            return  # (said once: `retry` says when saving works again)
        self.writable = False
        self.failure = why
        self.messages.append(f"read marks can't be saved: {why}; they are kept in memory and saved once writing "
                             "works again (tried on a reload, on a mark a minute later, and on quitting)")

    def retry(self) -> bool:
        """After a failed write (a full disk, a file made read-only), write what was kept in memory
        since (marks made and taken back) and save again from now on. Returns whether the store is
        writable now; says so in `messages` when it became so."""
        with self._lock:
            if self.writable or self._conn is None or self._closed:
                return self.writable
            rows = [(_stored(key), self._memory[key]) for key in self._unsaved if key in self._memory]
            try:
                with _transaction(self._conn):
                    self._conn.executemany("INSERT OR IGNORE INTO read_marks (key, read_at) VALUES (?, ?)", rows)
                    self._conn.executemany("DELETE FROM read_marks WHERE key = ?", [(_stored(k),) for k in self._unmarked])
            except sqlite3.Error:
                self._failed_at = time.monotonic()
                return False
            self.writable = True
            saved = len(self._unsaved) + len(self._unmarked)
            self._unsaved.clear()
            self._unmarked.clear()
            self.messages.append(f"read marks are saved again in {self.path}"
                                 + (f" ({saved:,} kept in memory until now)" if saved else ""))
            return True

    def _still_ours(self) -> None:
        """Before a write: if the file at `path` is no longer the one the connection writes (removed,
        or replaced by another file or a folder while Brief ran), the marks the connection holds
        go into what is there now (a fresh file, or the one put there), so none is lost unseen."""
        if self._conn is None or self._identity is None or identity(self.path) == self._identity:
            return
        with self._lock:
            try:
                rows = list(self._conn.execute("SELECT key, read_at FROM read_marks"))
            except sqlite3.Error:
                rows = []
            self._close()
            self._identity = None
            self._open(self.path.parent)
            if self._conn is None:
                self._memory.update((_loaded(key), at) for key, at in rows)
                self._unsaved.update(_loaded(key) for key, _at in rows)
                return
            try:
                with _transaction(self._conn):
                    self._conn.executemany("INSERT OR IGNORE INTO read_marks (key, read_at) VALUES (?, ?)", rows)
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
                self._memory.update((_loaded(key), at) for key, at in rows)
                self._unsaved.update(_loaded(key) for key, _at in rows)
                return
            self._visit_tables = False
            held = (f"the read marks it held ({len(rows):,}) are in the file there now" if rows
                    else "a fresh one there holds this run's")
            self.messages.append(f"{self.path} was removed or replaced while Brief ran; {held}")

    def _may_retry(self) -> None:
        """A mark while nothing can be saved: try again when the last failure is RETRY_AFTER old."""
        if not self.writable and self._conn is not None and time.monotonic() - self._failed_at >= RETRY_AFTER:
            self.retry()

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def close(self) -> None:
        """Close the database (after any query another thread has under way: closing a
        connection in the middle of one crashes the interpreter)."""
        with self._lock:
            if not self._closed:
                self.retry()  # (the last chance for marks kept in memory)
            self._close()
            self._closed = True

    # -- reading and marking -------------------------------------------------------------

    def read_keys(self) -> set[str]:
        """Every key marked read."""
        return self.read_keys_later()()

    def read_keys_later(self) -> Callable[[], set[str]]:
        """Read every mark now, the text ones joined by SQLite (a row at a time cost twice as
        long, ~60 ms at 100,000 marks); the function returned makes them a set (once: it returns
        the same set again), split in one go."""
        keys = set(self._memory)
        count, joined, others = 0, None, []
        with self._lock:
            if self._conn is not None:
                try:
                    count, joined = self._conn.execute(
                        "SELECT count(*), group_concat(key, char(0)) FROM read_marks WHERE typeof(key) = 'text'").fetchone()
                    others = [_loaded(row[0]) for row in self._conn.execute(
                        "SELECT key FROM read_marks WHERE typeof(key) <> 'text'")]  # (`_stored`'s BLOBs)
                except sqlite3.Error as exc:
                    self._degrade(f"cannot read {self.path} ({exc})")
        made: list[set[str]] = []

        def make() -> set[str]:
            if made:
                return made[0]
            found = joined.split("\x00") if joined is not None else []
            if len(found) != count:  # (a key holding NUL itself, which no item's does)
                found = self._text_keys()
            keys.update(found)
            keys.update(others)
            made.append(keys)
            return keys

        return make

    def _text_keys(self) -> list[str]:
        with self._lock:
            if self._conn is None:
                return []
            try:
                return [row[0] for row in self._conn.execute("SELECT key FROM read_marks WHERE typeof(key) = 'text'")]
            except sqlite3.Error as exc:
                self._degrade(f"cannot read {self.path} ({exc})")
                return []

    def read_among(self, keys: Collection[str]) -> set[str]:
        """Which of these keys are marked read (asked of SQLite: a few milliseconds for the
        thousand keys of a first screen, where making the set of every mark holds the GIL ~20 ms)."""
        found = {key for key in keys if key in self._memory}
        with self._lock:
            if self._conn is None:
                return found
            stored = [_stored(key) for key in keys]
            try:
                for start in range(0, len(stored), _CHUNK):
                    chunk = stored[start : start + _CHUNK]
                    found.update(_loaded(row[0]) for row in self._conn.execute(
                        f"SELECT key FROM read_marks WHERE key IN ({','.join('?' * len(chunk))})", chunk))  # noqa: S608 - placeholders only
            except sqlite3.Error as exc:
                self._degrade(f"cannot read {self.path} ({exc})")
        return found

    def keys_current(self, rules: int) -> bool:
        """Whether the marks were moved to the keys of these reading rules (`format.RULES`)
        already: then a start need not look at every key for an older Brief's (`keys_moved`)."""
        with self._lock:
            if self._conn is None:
                return False
            try:
                row = self._conn.execute("SELECT value FROM meta WHERE name = 'key_rules'").fetchone()
            except sqlite3.Error:
                return False  # (no such table: an older Brief's file)
        return row is not None and row[0] == rules

    def keys_moved(self, rules: int) -> None:
        """Record that every mark is under the keys of these rules (after moving them). Marks an
        older Brief adds later, beside this one, stay under its keys: they match no item."""
        if self._conn is None or not self.writable:
            return
        try:
            with self._lock, _transaction(self._conn):
                self._conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID")
                self._conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('key_rules', ?)", (rules,))
        except sqlite3.Error as exc:
            self._degrade(f"writing {self.path} failed ({exc})")

    def is_read(self, key: str) -> bool:
        """Whether one key is marked read."""
        if key in self._memory:
            return True
        with self._lock:
            if self._conn is None:
                return False
            try:
                return self._conn.execute("SELECT 1 FROM read_marks WHERE key = ?", (_stored(key),)).fetchone() is not None
            except sqlite3.Error:
                return False

    def mark_read(self, keys: Iterable[str], when: float | None = None) -> None:
        """Mark keys read (one transaction); a key already read keeps its first time."""
        stamp = time.time() if when is None else when
        rows = [(key, stamp) for key in keys]
        if not rows:
            return
        self._may_retry()
        self._still_ours()
        if self._conn is not None and self.writable:
            try:
                with self._lock, _transaction(self._conn):
                    self._conn.executemany("INSERT OR IGNORE INTO read_marks (key, read_at) VALUES (?, ?)",
                                           [(_stored(key), at) for key, at in rows])
                return
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
        for key, at in rows:
            if not self.is_read(key):
                self._unsaved.add(key)
            self._unmarked.discard(key)
            self._memory.setdefault(key, at)

    @property
    def unsaved(self) -> int:
        """How many read marks of this run could not be written (kept in memory only)."""
        return len(self._unsaved)

    def mark_unread(self, keys: Iterable[str]) -> None:
        """Forget that keys were read."""
        keys = list(keys)
        for key in keys:
            self._memory.pop(key, None)
            self._unsaved.discard(key)
        if keys:
            self._may_retry()
            self._still_ours()
        if self._conn is not None and self.writable and keys:
            try:
                with self._lock, _transaction(self._conn):
                    self._conn.executemany("DELETE FROM read_marks WHERE key = ?", [(_stored(k),) for k in keys])
                return
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
        if self._conn is not None:
            self._unmarked.update(keys)


    # -- visits and arrivals (the "New" row) ------------------------------------------------
    # Two tables added beside read_marks without a schema bump: an older Brief reads the file
    # as before and ignores them.

    def _tables(self) -> sqlite3.Connection | None:
        """The connection, with the visit tables made (None: nothing can be saved)."""
        if self._conn is None or not self.writable:
            return None
        if not self._visit_tables:
            try:
                with self._lock, _transaction(self._conn):
                    self._conn.execute("CREATE TABLE IF NOT EXISTS visits "
                                       "(root TEXT PRIMARY KEY, known_at REAL NOT NULL, visit_at REAL) WITHOUT ROWID")
                    self._conn.execute("CREATE TABLE IF NOT EXISTS arrivals "
                                       "(path TEXT PRIMARY KEY, at REAL NOT NULL, stamp TEXT) WITHOUT ROWID")
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
                return None
            self._visit_tables = True
        return self._conn

    def _select(self, sql: str) -> list[tuple[object, ...]]:
        """Rows of a visit table, from the file where it has them (also read-only)."""
        with self._lock:
            if self._conn is not None:
                try:
                    return list(self._conn.execute(sql))
                except sqlite3.Error:
                    return []  # (no such table yet: no visit)
            if self._closed or not self.path.is_file():
                return []
        for mode in ("mode=ro", "immutable=1"):  # (as _read_only_copy: a WAL file in a read-only folder)
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{mode}", uri=True, timeout=1)
            except sqlite3.Error:
                continue
            try:
                return list(conn.execute(sql))
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []
            except sqlite3.Error:
                pass
            finally:
                conn.close()
        return []

    def visits(self) -> dict[str, tuple[float, float | None]]:
        """Folder → (when Brief first saw it, when the reader was last closed on it, or None)."""
        found: dict[str, tuple[float, float | None]] = {
            _loaded(root): (float(known), None if visit is None else float(visit))  # type: ignore[arg-type]
            for root, known, visit in self._select("SELECT root, known_at, visit_at FROM visits")}
        found.update(self._visits)
        return found

    def arrivals(self) -> dict[str, float]:
        """Digest file → when Brief first saw it."""
        found = {_loaded(path): float(at) for path, at in self._select("SELECT path, at FROM arrivals")}  # type: ignore[arg-type]
        found.update(self._arrivals)
        return found

    def arrival_stamps(self) -> dict[str, float]:
        """A file's (mtime, size) stamp → the earliest arrival of a file with it (a file moved or
        renamed keeps its stamp, and so its arrival)."""
        found: dict[str, float] = {}
        for stamp, at in self._select("SELECT stamp, at FROM arrivals WHERE stamp IS NOT NULL"):
            if isinstance(stamp, str) and isinstance(at, float | int):
                found[stamp] = min(float(at), found.get(stamp, float(at)))
        for path, stamp in self._stamps.items():
            at = self._arrivals.get(path)
            if at is not None:
                found[stamp] = min(at, found.get(stamp, at))
        return found

    def add_arrivals(self, arrived: dict[str, float], roots: Iterable[str], when: float,
                     stamps: dict[str, str] | None = None) -> None:
        """Record digest files first seen now (with the time each counts as arriving, and their
        stamps: see `arrival_stamps`), and that these folders are known from `when` on (a folder
        already known keeps its time)."""
        stamps = stamps or {}
        known = self.visits()
        new_roots = [(root, when) for root in roots if root not in known]
        conn = self._tables()
        if conn is not None:
            try:
                with self._lock, _transaction(conn):
                    conn.executemany("INSERT OR IGNORE INTO arrivals (path, at, stamp) VALUES (?, ?, ?)",
                                     [(_stored(path), at, stamps.get(path)) for path, at in arrived.items()])
                    conn.executemany("INSERT OR IGNORE INTO visits (root, known_at) VALUES (?, ?)",
                                     [(_stored(root), at) for root, at in new_roots])
                return
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
        for path, at in arrived.items():
            self._arrivals.setdefault(path, at)
            if path in stamps:
                self._stamps.setdefault(path, stamps[path])
        for root, at in new_roots:
            self._visits.setdefault(root, (at, None))

    def end_visit(self, roots: Iterable[str], when: float | None = None) -> None:
        """The reader closes on these folders: what arrived until now is no longer new."""
        stamp = time.time() if when is None else when
        roots = list(roots)
        conn = self._tables()
        if conn is not None:
            try:
                with self._lock, _transaction(conn):
                    conn.executemany("INSERT OR IGNORE INTO visits (root, known_at) VALUES (?, ?)",
                                     [(_stored(root), stamp) for root in roots])
                    conn.executemany("UPDATE visits SET visit_at = ? WHERE root = ?",
                                     [(stamp, _stored(root)) for root in roots])
                return
            except sqlite3.Error as exc:
                self._degrade(f"writing {self.path} failed ({exc})")
        known = self.visits()
        for root in roots:
            self._visits[root] = (known.get(root, (stamp, None))[0], stamp)


def _stored(text: str) -> str | bytes:
    """A key or path as SQLite can keep it: one holding a file name that is not UTF-8 (lone
    surrogates in Python, which SQLite refuses) as its bytes, a BLOB; `_loaded` reads it back."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
    return text


def _loaded(value: object) -> str:
    """A key or path as `_stored` kept it."""
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else str(value)


class _NotOurs(Exception):
    """The file is not a state database this version can use."""


class _Damaged(Exception):
    """The database's pages are damaged; `rows` is what could still be read."""

    def __init__(self, rows: dict[str, float]) -> None:
        super().__init__("damaged")
        self.rows = rows


QUICK_CHECK_MAX = 2 << 20
"""Databases up to this size are checked at open (~7 ms at 2 MB, ~45,000 marks); a bigger one
shows damage as a read error (and is then kept for the session, never written over)."""


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size <= QUICK_CHECK_MAX
    except OSError:
        return False


def _healthy(conn: sqlite3.Connection) -> bool:
    """SQLite's quick check (milliseconds for a state database of thousands of marks)."""
    try:
        return conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as exc:
        if _cannot_write(exc):
            raise
        return False


def _salvage(conn: sqlite3.Connection) -> dict[str, float]:
    """Every mark that can still be read: from each end of the key order up to the damage."""
    found: dict[str, float] = {}
    for order in ("ASC", "DESC"):
        try:
            for key, at in conn.execute(f"SELECT key, read_at FROM read_marks ORDER BY key {order}"):  # noqa: S608 - a constant
                if isinstance(key, (str, bytes)):
                    found.setdefault(_loaded(key), float(at or 0))
        except (sqlite3.DatabaseError, ValueError, TypeError):
            continue
    return found


_CANNOT_WRITE = ("readonly", "read-only", "locked", "full", "unable to open", "disk i/o", "permission", "busy")


def _cannot_write(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite failed for want of room or rights (the file is fine), not for its content."""
    return isinstance(exc, sqlite3.OperationalError) and any(word in str(exc).lower() for word in _CANNOT_WRITE)


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
