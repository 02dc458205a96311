"""`python -m deploy.local.supervisor STATE LOG -- CMD...`: run one service and restart it when it exits
unexpectedly, as systemd's Restart=on-failure or compose's `restart: on-failure` would.

- A restart waits 0.5 s, doubling after each exit in a row up to 30 s; a run of 60 s or more resets it.
- 5 or more restarts within 60 s is a crash loop: the state says so (with the last exit status and the
  log), and restarts go on at the capped backoff, so a service whose database comes back recovers.
- A supervisor that dies itself (SIGKILL, the OOM killer) takes its service with it: the service gets
  SIGTERM (Linux PR_SET_PDEATHSIG) and stops as on a deliberate stop, rather than running on
  unsupervised with its port held, where the next start would crash-loop and a stop cannot reach it.
- SIGTERM/SIGINT to the supervisor is a deliberate stop (`make down`): it is passed to the service,
  which gets STOP_GRACE_S to exit before SIGKILL, and nothing is restarted.
STATE is a JSON file rewritten atomically on every change (read by deploy.local.services); whether it is
a crash loop now is `in_crash_loop(state)`, from the restart times it lists.
"""
import ctypes
import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 30.0
HEALTHY_RUN_S = 60.0
LOOP_WINDOW_S = 60.0
LOOP_RESTARTS = 5
STOP_GRACE_S = 20.0


def exit_status(returncode: int) -> str:
    """'exit 1' or 'signal 9 (SIGKILL)' for a Popen returncode."""
    if returncode < 0:
        return f"signal {-returncode} ({signal.Signals(-returncode).name})"
    return f"exit {returncode}"


def in_crash_loop(state: dict, now: float | None = None) -> bool:
    """LOOP_RESTARTS or more restarts within the last LOOP_WINDOW_S seconds."""
    now = time.time() if now is None else now
    return sum(1 for t in state.get("recent_restarts", []) if now - t < LOOP_WINDOW_S) >= LOOP_RESTARTS


PR_SET_PDEATHSIG = 1  # prctl(2)


def _end_with(parent: int) -> None:
    """In the child, between fork and exec: SIGTERM when `parent` (the supervisor) dies; at once if it
    died already (before the prctl call)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def backoff_s(exits_in_a_row: int) -> float:
    return min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** max(0, exits_in_a_row - 1))


class Supervisor:
    def __init__(self, state_file: Path, log_file: Path, cmd: list[str]):
        self.state_file, self.log_file, self.cmd = state_file, log_file, cmd
        self.child: subprocess.Popen | None = None
        self.stopping = False
        self.restarts: list[float] = []  # wall-clock times of restarts within the loop window
        self.state = {"supervisor_pid": os.getpid(), "log": str(log_file), "command": cmd, "restarts_total": 0,
                      "last_exit": None, "last_exit_at": None, "recent_restarts": [], "status": "starting", "pid": None}

    def _write(self, **changes) -> None:
        self.state.update(changes)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state))
        tmp.replace(self.state_file)

    def _on_signal(self, signum, _frame) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        in_a_row = 0
        while not self.stopping:
            started = time.monotonic()
            with open(self.log_file, "ab") as log:
                self.child = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                              preexec_fn=functools.partial(_end_with, os.getpid()))
            self._write(pid=self.child.pid, status="running", started_at=time.time())
            code = self._wait_child()
            if self.stopping:
                break
            in_a_row = 1 if time.monotonic() - started >= HEALTHY_RUN_S else in_a_row + 1
            now = time.time()
            self.restarts = [t for t in self.restarts if now - t < LOOP_WINDOW_S] + [now]
            delay = backoff_s(in_a_row)
            self._write(pid=None, status="restarting", last_exit=exit_status(code), last_exit_at=now,
                        restarts_total=self.state["restarts_total"] + 1, recent_restarts=self.restarts,
                        next_start_in_s=delay)
            self._sleep(delay)
        self._write(pid=None, status="stopped")
        return 0

    def _wait_child(self) -> int:
        stop_asked = None
        while (code := self.child.poll()) is None:
            if self.stopping:
                stop_asked = stop_asked or time.monotonic()
                if time.monotonic() - stop_asked > STOP_GRACE_S:  # asked to stop, did not exit in time
                    self.child.kill()
            time.sleep(0.1)
        return code

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.1)


def main(argv: list[str]) -> int:
    if len(argv) < 5 or argv[3] != "--":
        print("usage: python -m deploy.local.supervisor STATE LOG -- CMD...", file=sys.stderr)
        return 2
    return Supervisor(Path(argv[1]), Path(argv[2]), argv[4:]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
