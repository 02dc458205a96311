"""Small process helpers shared by the Kafka and PostgreSQL launchers."""
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


class LaunchError(RuntimeError):
    """A local component could not be installed or started; the message says why and where to look."""


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    """A loopback port free now (the kernel's pick), for a process a test or harness starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout_s: float, what: str, log: Path, alive=lambda: True) -> None:
    """Poll a TCP port; Kafka only opens its client port once the broker is unfenced."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if port_open(port):
            return
        if not alive():
            raise LaunchError(f"{what} exited during start-up; see {log}")
        time.sleep(0.3)
    raise LaunchError(f"{what} did not open 127.0.0.1:{port} within {timeout_s:.0f} s; see {log}")


def pid_alive(pid_file: Path) -> int | None:
    """The pid recorded in pid_file if that process still runs, else None."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return None if _zombie(pid) else pid


def _zombie(pid: int) -> bool:
    """Exited but not yet reaped: a long-lived caller (a test, the chaos harness) that started the
    process and never waited for it would otherwise see it "alive" until its stop timeout."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, IndexError):
        return False


def stop_pid(pid_file: Path, timeout_s: float = 30) -> bool:
    """SIGTERM (Kafka does a controlled shutdown), then SIGKILL after timeout_s."""
    return bool(stop_pids([pid_file], timeout_s))


def stop_pids(pid_files: list[Path], timeout_s: float = 30) -> int:
    """SIGTERM to all at once, SIGKILL to those still running after timeout_s; returns how many ran.
    All at once: the last node of a Kafka cluster stopped alone has no quorum and hangs its shutdown."""
    running = [(f, pid) for f in pid_files if (pid := pid_alive(f)) is not None]
    for _, pid in running:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and any(pid_alive(f) for f, _ in running):
        time.sleep(0.2)
    for f, pid in running:
        if pid_alive(f):
            os.kill(pid, signal.SIGKILL)
    for f in pid_files:
        f.unlink(missing_ok=True)
    return len(running)


def run(cmd: list[str], what: str, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise LaunchError(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    return proc
