"""A throw-away PostgreSQL server and the raw-file loader for it.

The server is initdb'd in a temporary folder, listens on 127.0.0.1 on a free
port with its own unix-socket folder, and is always stopped by the pid in its
postmaster.pid (fast shutdown), then deleted. As root the server runs as the
`postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from huaxiang.engines import CsvTable, log

SERVER_USER = "postgres"
DATABASE = "huaxiang"
# Throw-away data: durability off makes loads and builds faster.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "256MB",
    "work_mem": "64MB",
    "max_connections": "20",
}


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    database: str
    data_dir: Path

    def env(self) -> dict[str, str]:
        """The variables profiles.yml's postgres target reads."""
        return {
            "HUAXIANG_PG_HOST": self.host,
            "HUAXIANG_PG_PORT": str(self.port),
            "HUAXIANG_PG_USER": self.user,
            "HUAXIANG_PG_PASSWORD": "",
            "HUAXIANG_PG_DBNAME": self.database,
        }


def find_bin_dir() -> Path:
    """The bin folder of the newest installed PostgreSQL (Debian layout first)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: (
            int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise FileNotFoundError(
        "PostgreSQL is not installed (no initdb). Run `make postgres` "
        "(apt-get install postgresql) or put its bin folder on PATH."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """Run as `postgres` when we are root; as ourselves otherwise."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"PostgreSQL {what} failed: {' '.join(command)}\n"
            f"{result.stdout}{result.stderr}"
        )


def stop_by_pid(data_dir: Path, timeout_s: float = 60.0) -> None:
    """Fast shutdown via the pid in postmaster.pid; wait until it is gone."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text().splitlines()[0])
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)  # SIGINT = fast shutdown
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            log(f"postgres: stopped (pid {pid})")
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGQUIT)  # immediate shutdown
    log(f"postgres: pid {pid} did not stop in {timeout_s:.0f} s; sent SIGQUIT")


@contextlib.contextmanager
def throwaway_server() -> Iterator[Server]:
    """Start a fresh cluster on 127.0.0.1; always stop and delete it."""
    bin_dir = find_bin_dir()
    base = Path(tempfile.mkdtemp(prefix="huaxiang-pg-"))
    data_dir, socket_dir = base / "data", base / "socket"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        server_user = pwd.getpwnam(SERVER_USER)
        for path in (base, socket_dir):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
    user = SERVER_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    port = free_port()
    try:
        log(f"postgres: initdb {data_dir} ({bin_dir.parent.name})")
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-U",
                user,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ],
            "initdb",
        )
        options = " ".join(f"-c {key}={val}" for key, val in SERVER_SETTINGS.items())
        options += f" -p {port} -k {socket_dir}"
        log(f"postgres: starting on 127.0.0.1:{port}")
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-o",
                options,
                "-l",
                str(base / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "start",
        )
        server = Server("127.0.0.1", port, user, DATABASE, data_dir)
        _create_database(server)
        yield server
    finally:
        stop_by_pid(data_dir)
        shutil.rmtree(base, ignore_errors=True)


def connect(server: Server, database: str | None = None):
    import psycopg2

    return psycopg2.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        dbname=database or server.database,
    )


def create_database(server: Server, database: str) -> Server:
    """A new empty database on the same server, and the server pointing at it."""
    other = dataclasses.replace(server, database=database)
    _create_database(other)
    return other


def _create_database(server: Server) -> None:
    connection = connect(server, "postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"create database \"{server.database}\" encoding 'UTF8'")
    finally:
        connection.close()


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def load_tables(server: Server, schema: str, tables: list[CsvTable]) -> int:
    """(Re)create schema.<table> as all-text columns and COPY each file in."""
    connection = connect(server)
    total = 0
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {quote(schema)}")
            for table in tables:
                relation = f"{quote(schema)}.{quote(table.name)}"
                columns = ", ".join(f"{quote(column)} text" for column in table.columns)
                cursor.execute(f"drop table if exists {relation}")
                cursor.execute(f"create table {relation} ({columns})")
                with table.path.open("rb") as handle:
                    cursor.copy_expert(
                        f"copy {relation} from stdin with "
                        "(format csv, header true, encoding 'UTF8')",
                        handle,
                    )
                cursor.execute(f"select count(*) from {relation}")
                rows = cursor.fetchone()[0]
                total += rows
                log(f"postgres: loaded {schema}.{table.name} ({rows:,} rows)")
    finally:
        connection.close()
    return total
