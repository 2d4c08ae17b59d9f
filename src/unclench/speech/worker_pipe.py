"""The parent's end of the speech worker: one child process, requests and replies as JSON lines."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from unclench.speech.errors import SpeechError

_EOF = object()


class WorkerPipe:
    """One child process and a reader thread turning its stdout lines into a queue (so a
    reply can be awaited with a timeout on every platform)."""

    def __init__(self, command: Sequence[str]) -> None:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=env,
            )
        except OSError as exc:
            raise SpeechError(f"cannot start the speech worker ({exc})") from exc
        self.replies: queue.Queue[object] = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[str] | None) -> None:
        if stream is not None:
            for line in stream:
                self.replies.put(line)
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
        except OSError as exc:
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
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
