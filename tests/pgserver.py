"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary directory, on
127.0.0.1 with a free port, started once per test session (per xdist worker) and stopped at the end.

Found on PATH or in Debian's /usr/lib/postgresql/<version>/bin (.ci/run installs the package on a
fresh machine). PostgreSQL refuses to run as root, so as root the cluster belongs to `postgres`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"


class PgUnavailable(Exception):
    """One line: why no PostgreSQL server could be started here."""


def find_bin_dir() -> Path:
    for candidate in (os.environ.get("PG_BIN"), shutil.which("pg_ctl")):
        if candidate:
            path = Path(candidate).resolve()  # /usr/local/bin/pg_ctl may link into the real bin dir
            path = path if path.is_dir() else path.parent
            if (path / "initdb").exists() and (path / "createdb").exists():
                return path
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    if versions:
        return versions[-1].parent
    raise PgUnavailable("PostgreSQL not found (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgServer:
    def __init__(self, bin_dir: Path, base: Path, port: int, as_user: list[str]) -> None:
        self.bin_dir = bin_dir
        self.base = base
        self.port = port
        self._as_user = as_user
        self._created = 0

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=timeout, check=False
        )

    @classmethod
    def start(cls) -> PgServer:
        bin_dir = find_bin_dir()
        base = Path(tempfile.mkdtemp(prefix="spasm-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PgUnavailable(
                    f"running as root and there is no '{SERVER_USER}' user to run it"
                ) from None
            os.chown(base, account.pw_uid, account.pw_gid)
            as_user = ["runuser", "-u", SERVER_USER, "--"]
        server = cls(bin_dir, base, 0, as_user)
        try:
            server._initdb()
            server._start_on_free_port()
        except BaseException:
            server.stop()
            raise
        return server

    def _initdb(self) -> None:
        done = self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
            "--no-sync", "-E", "UTF8", "--locale=C",
        )  # fmt: skip
        if done.returncode != 0:
            raise PgUnavailable(f"initdb failed: {_last_line(done)}")

    def _start_on_free_port(self) -> None:
        problem = ""
        for _ in range(3):  # another process may take the port between probing and binding
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                "-c shared_buffers=32MB"
            )
            done = self._run(
                str(self.bin_dir / "pg_ctl"), "start", "-w", "-t", "30", "-D", str(self.data_dir),
                "-l", str(self.base / "server.log"), "-o", options,
            )  # fmt: skip
            if done.returncode == 0:
                return
            problem = _last_line(done)
        raise PgUnavailable(f"pg_ctl start failed: {problem}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        self._created += 1
        name = f"t{os.getpid()}_{self._created}"
        done = subprocess.run(
            [str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise PgUnavailable(f"createdb failed: {_last_line(done)}")
        return self.url(name)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run(str(self.bin_dir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(self.data_dir))
        with contextlib.suppress(OSError):
            shutil.rmtree(self.base)


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout or "").strip().splitlines()
    return lines[-1] if lines else f"exit code {done.returncode}"
