"""The parent's end of the speech worker: one child process, requests and replies as JSON lines."""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from unclench.speech.errors import SpeechError

_EOF = object()

# Where the ``unclench`` package lives: the worker is told this path instead of inheriting
# PYTHONPATH (it runs isolated, see ``speech.renderer.WORKER_COMMAND``), and it is the
# worker's working directory, so nothing in the folder the user started from is imported.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])

# How long a stopping worker gets to exit on SIGTERM before it is killed.
STOP_GRACE_S = 0.5


class WorkerPipe:
    """One child process and a reader thread turning its stdout lines into a queue (so a
    reply can be awaited with a timeout on every platform). The child runs in
    ``PACKAGE_ROOT``, never in the caller's working directory."""

    def __init__(self, command: Sequence[str]) -> None:
        try:
            self.proc = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                cwd=PACKAGE_ROOT,
            )
        except OSError as exc:
            raise SpeechError(f"cannot start the speech worker ({exc})") from exc
        self.replies: queue.Queue[object] = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[str] | None) -> None:
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                for line in stream:
                    self.replies.put(line)
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self.replies.put(_EOF)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait for its reply; kill the process on timeout or garbage."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise SpeechError(
                f"the speech engine did not answer within {timeout:g} s — it was stopped "
                f"and will be restarted"
            ) from None
        except (OSError, ValueError) as exc:  # ValueError: stdin closed by stop()
            self.kill()
            raise SpeechError(f"the speech worker stopped ({exc})") from exc
        if line is _EOF:
            self.kill()
            raise SpeechError(f"the speech worker exited (code {self.proc.returncode})")
        try:
            reply = json.loads(str(line))
        except json.JSONDecodeError:
            self.kill()
            raise SpeechError(f"the speech worker answered nonsense: {str(line)[:80]!r}") from None
        if not isinstance(reply, dict):
            self.kill()
            raise SpeechError("the speech worker answered nonsense")
        return reply

    def kill(self) -> None:
        """Kill the process at once and reap it."""
        with contextlib.suppress(OSError):
            self.proc.kill()
        self._reap()

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """End the process within about ``grace`` seconds, even if its engine hangs: close
        its stdin (the worker's watchdog exits on that), SIGTERM, a short wait, SIGKILL."""
        self._close_stdin()
        with contextlib.suppress(OSError):
            self.proc.terminate()
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_stdin()

    def _reap(self) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)  # SIGKILL cannot be ignored: this returns at once
        self._close_stdin()

    def _close_stdin(self) -> None:
        # The reader thread closes stdout itself once it sees EOF (closing it from here
        # could block on the buffer lock that thread holds while it reads).
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
