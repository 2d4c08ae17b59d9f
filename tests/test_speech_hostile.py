"""Speech under hostile folders and broken engines: planted modules in the working folder, a
hung engine, a damaged cache, folders that cannot be written, and export paths that are not
regular files. Fake engines and workers throughout (no espeak-ng needed), except where marked.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_speech_fakes import FakeRenderer
from unclench.cli.speech import SpeechCheck, cmd_export
from unclench.clips import read_wav
from unclench.core.errors import ChoiceError
from unclench.core.load.parse import parse_routine
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound.mixer import AudioDeviceError, MixerOutput
from unclench.sound.service import SoundService
from unclench.speech.cache import STALE_S, SpeechCache
from unclench.speech.errors import SpeechError, SpeechStorageError
from unclench.speech.renderer import Pyttsx3Renderer
from unclench.speech.worker_pipe import PACKAGE_ROOT

SETTINGS = VoiceSettings(voice="gmw/en", rate=160, volume=1.0)
SRC = str(Path(__file__).resolve().parents[1] / "src")

ROUTINE = textwrap.dedent(
    """\
    id: tiny
    title: Tiny
    kind: breath
    summary: Two prompts.
    tempo: 1.0
    tempo_range: [0.5, 2.0]
    steps:
      - inhale: In.
        counts: 2
      - exhale: Out.
        counts: 2
    """
)


def write_routine(folder: Path) -> Path:
    path = folder / "tiny.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def timeline(tmp_path: Path) -> Any:
    return compile_timeline(parse_routine(ROUTINE.encode(), write_routine(tmp_path)))


def settle(condition: Callable[[], bool], within: float = 30.0) -> bool:
    """Poll ``condition`` until it holds or ``within`` seconds pass (a generous bound, not a
    timing assertion)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def running(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie nobody reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")


# -- 1. nothing from the working folder is imported -----------------------------------------


def plant(folder: Path) -> Path:
    """A routine pack folder with a ``pyttsx3.py`` and a ``json.py`` that leave a marker."""
    folder.mkdir()
    marker = folder / "marker"
    for name in ("pyttsx3", "json"):
        (folder / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r} + ' imported\\n')\n"
            "raise SystemExit('planted module ran')\n"
        )
    return marker


def test_voices_run_from_a_folder_with_planted_modules_never_imports_them(
    tmp_path: Path,
) -> None:
    """`unclench voices` started in the folder: the parent itself runs with -P (as the
    installed `unclench` script does, whose sys.path[0] is its bin folder), so any marker
    could only come from the worker."""
    pack = tmp_path / "pack"
    marker = plant(pack)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["UNCLENCH_HOME"] = str(tmp_path / "home")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from unclench.cli.main import main; "
        "sys.exit(main(['voices']))"
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", code, SRC],
        cwd=pack,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert not marker.exists(), marker.read_text()


def test_a_render_with_the_working_folder_full_of_planted_modules_never_imports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = plant(tmp_path / "pack")
    monkeypatch.chdir(tmp_path / "pack")
    renderer = Pyttsx3Renderer(timeout=30, start_timeout=60)
    try:
        renderer.render("Breathe in", VoiceSettings(), Path("relative.wav"))
    except SpeechError:
        pass  # no espeak-ng here: the planted modules still must not have run
    finally:
        renderer.close()
    assert not marker.exists(), marker.read_text()


# -- 2. a hung engine: close is bounded, workers die with the app ---------------------------

HUNG_PYTTSX3 = textwrap.dedent(
    """
    import os, sys, time
    FOLDER = os.path.dirname(os.path.abspath(__file__))

    class Driver:
        pass

    class Proxy:
        _driver = Driver()

    class Engine:
        proxy = Proxy()
        def getProperty(self, name):
            return []
        def setProperty(self, name, value):
            pass
        def save_to_file(self, text, out):
            pass
        def runAndWait(self):
            open(os.path.join(FOLDER, f"rendering-{os.getpid()}"), "w").close()
            while True:  # an engine that never returns
                time.sleep(1)

    def init():
        return Engine()
    """
)


def hung_engine_worker(tmp_path: Path) -> list[str]:
    """The real worker (isolated, as the app starts it) on a pyttsx3 whose runAndWait
    never returns."""
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "pyttsx3.py").write_text(HUNG_PYTTSX3)
    bootstrap = (
        "import sys; sys.path[:0] = sys.argv[1:3]; from unclench.speech.worker import main; main()"
    )
    return [sys.executable, "-I", "-c", bootstrap, str(engine), PACKAGE_ROOT]


def hung_pid(tmp_path: Path) -> int | None:
    found = list((tmp_path / "engine").glob("rendering-*"))
    return int(found[0].name.split("-")[1]) if found else None


@linux_only
def test_close_stops_a_worker_whose_engine_hangs_mid_render(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(timeout=600, command=hung_engine_worker(tmp_path))
    failures: list[Exception] = []

    def render() -> None:
        try:
            renderer.render("Breathe in", SETTINGS, tmp_path / "out.wav")
        except SpeechError as exc:
            failures.append(exc)

    rendering = threading.Thread(target=render, daemon=True)
    rendering.start()
    assert settle(lambda: hung_pid(tmp_path) is not None), "the fake engine never started"
    pid = hung_pid(tmp_path)
    assert pid is not None
    closing = threading.Thread(target=renderer.close, daemon=True)
    closing.start()
    closing.join(30)
    assert not closing.is_alive(), "close() waited for the hung render"
    rendering.join(30)
    assert not rendering.is_alive()
    assert len(failures) == 1  # the render in progress fails instead of hanging on
    assert not running(pid)
    with pytest.raises(SpeechError, match="closed"):
        renderer.render("Breathe out", SETTINGS, tmp_path / "again.wav")


PARENT = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from unclench.speech.renderer import Pyttsx3Renderer
    from unclench.core.voices import VoiceSettings
    renderer = Pyttsx3Renderer(timeout=600, command=sys.argv[3:])
    threading.Thread(
        target=renderer.render, args=("Hold", VoiceSettings(), Path(sys.argv[2])), daemon=True
    ).start()
    time.sleep(600)
    """
)


@linux_only
def test_a_worker_whose_engine_hangs_dies_when_the_app_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    command = hung_engine_worker(tmp_path)
    parent = subprocess.Popen(
        [sys.executable, str(script), SRC, str(tmp_path / "out.wav"), *command]
    )
    pid = None
    try:
        assert settle(lambda: hung_pid(tmp_path) is not None, 60), "the engine never started"
        pid = hung_pid(tmp_path)
        assert pid is not None and running(pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(30)
        assert settle(lambda: not running(pid), 30), "the worker outlived the app"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if pid is not None and running(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_failed_warm_up_prints_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up thread starts the engine; the worker may be gone (killed by close, or no
    engine): that failure is reported when a prompt renders, never as a thread traceback."""
    escaped: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)

    class Broken(FakeRenderer):
        def engine_id(self) -> str:
            raise SpeechError("the speech worker exited (code -9)")

    def no_device() -> MixerOutput:
        raise AudioDeviceError("No sound: test")

    system = SoundService(
        Settings(),
        tmp_path / "cache",
        open_out=no_device,
        make_renderer=Broken,
        check_speech=lambda: "",
    )
    assert system.wait(30)
    assert escaped == []


# -- 3. a damaged cache is dropped and rendered again ---------------------------------------


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _zeroed(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


def _silenced(path: Path) -> None:  # a valid header, the audio zeroed
    data = path.read_bytes()
    path.write_bytes(data[:44] + bytes(len(data) - 44))


def _not_a_wav(path: Path) -> None:
    path.write_text("<html>not found</html>")


def _note_lost(path: Path) -> None:
    path.with_suffix(".meta").unlink()


@pytest.mark.parametrize(
    "damage",
    [_empty, _truncated, _zeroed, _silenced, _not_a_wav, _note_lost],
    ids=["empty", "truncated", "zeroed", "silenced", "not a WAV", "note lost"],
)
def test_a_damaged_clip_is_dropped_and_rendered_again(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    renderer = FakeRenderer()
    cache = SpeechCache(tmp_path, renderer)
    path = cache.get_or_render("Breathe in", SETTINGS)
    good = path.read_bytes()
    damage(path)
    assert cache.cached("Breathe in", SETTINGS) is None
    again = cache.get_or_render("Breathe in", SETTINGS)
    assert [c[0] for c in renderer.calls] == ["Breathe in", "Breathe in"]
    assert again.read_bytes() == good
    assert len(read_wav(again).samples) > 0
    assert cache.cached("Breathe in", SETTINGS) == again


def test_a_sound_clip_is_trusted_without_rendering_again(tmp_path: Path) -> None:
    renderer = FakeRenderer()
    cache = SpeechCache(tmp_path, renderer)
    path = cache.get_or_render("Breathe in", SETTINGS)
    assert SpeechCache(tmp_path, renderer).cached("Breathe in", SETTINGS) == path
    assert len(renderer.calls) == 1


def test_temporary_files_left_by_a_killed_render_are_removed_when_the_cache_opens(
    tmp_path: Path,
) -> None:
    cache = SpeechCache(tmp_path, FakeRenderer())
    kept = cache.get_or_render("Breathe in", SETTINGS)
    old = [tmp_path / ".abc.0123.raw.wav", tmp_path / ".abc.x1y2.part", tmp_path / "engine.7.tmp"]
    fresh = tmp_path / ".def.4567.raw.wav"  # another process's render in progress
    long_ago = time.time() - STALE_S - 60
    for p in [*old, fresh]:
        p.write_bytes(b"RIFF")
    for p in old:
        os.utime(p, (long_ago, long_ago))
    SpeechCache(tmp_path, FakeRenderer())
    assert [p for p in old if p.exists()] == []
    assert fresh.exists()
    assert kept.exists() and kept.with_suffix(".meta").exists()


# -- 4. folders that cannot be written ------------------------------------------------------


class DiskFull(FakeRenderer):
    """A renderer on a full disk: writing the clip fails with the real ENOSPC errno."""

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        self.calls.append((text, settings))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out))


def blocked_cache(tmp_path: Path) -> Path:
    """A cache folder that cannot be created: a regular file sits where its parent folder
    should be. Tests run as root, which ignores permission bits, so a chmod'ed read-only
    folder would still be writable here; a file in the way fails for root too (ENOTDIR)."""
    (tmp_path / "blocked").write_text("not a folder")
    return tmp_path / "blocked" / "speech"


def test_a_full_disk_is_reported_as_a_full_disk_with_the_path(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "cache", DiskFull())
    with pytest.raises(SpeechStorageError, match="disk is full") as caught:
        cache.get_or_render("Breathe in", SETTINGS)
    assert str(tmp_path / "cache") in str(caught.value)


def test_export_on_a_full_disk_says_so_and_not_install_espeak(tmp_path: Path) -> None:
    with pytest.raises(SpeechError) as caught:
        cmd_export(
            timeline(tmp_path),
            tmp_path / "out.wav",
            DiskFull(),
            SETTINGS,
            False,
            io.StringIO(),
            io.StringIO(),
            cache_dir=tmp_path / "cache",
        )
    assert "disk is full" in str(caught.value)
    assert "espeak" not in str(caught.value)
    assert not (tmp_path / "out.wav").exists()


def test_export_with_an_unwritable_cache_folder_is_a_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    with pytest.raises(SpeechError) as caught:
        cmd_export(
            timeline(tmp_path),
            tmp_path / "out.wav",
            FakeRenderer(),
            SETTINGS,
            False,
            io.StringIO(),
            io.StringIO(),
            cache_dir=blocked_cache(tmp_path),
        )
    assert "a file is in the way" in str(caught.value)
    assert "espeak" not in str(caught.value)


def test_check_speech_with_an_unwritable_cache_folder_notes_why_and_goes_on(
    tmp_path: Path,
) -> None:
    err = io.StringIO()
    check = SpeechCheck(FakeRenderer(), blocked_cache(tmp_path), voice=None, rate=160)
    routine = parse_routine(ROUTINE.encode(), write_routine(tmp_path))
    assert check.run([(tmp_path / "tiny.yaml", routine)], err) == 0
    assert err.getvalue().startswith("note: speech check skipped: cannot write ")
    assert "a file is in the way" in err.getvalue()
    assert "espeak" not in err.getvalue()


FAKE_WORKER = textwrap.dedent(
    """
    import json, os, sys
    folder = sys.argv[1]
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "hello":
            print(json.dumps({"ok": True, "engine_id": "fakeworker-1"}), flush=True)
            continue
        open(os.path.join(folder, "asked"), "w").close()
        print(json.dumps({"ok": False, "error": "OSError: [Errno 28] No space left on device",
                          "errno": 28}), flush=True)
    """
)


def fake_worker(tmp_path: Path) -> list[str]:
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    return [sys.executable, str(script), str(tmp_path)]


def test_a_render_that_cannot_be_written_fails_before_asking_the_engine(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(timeout=600, command=fake_worker(tmp_path))
    (tmp_path / "blocked").write_text("not a folder")
    try:
        with pytest.raises(SpeechStorageError, match="in the way"):
            renderer.render("Hold", SETTINGS, tmp_path / "blocked" / "out.wav")
    finally:
        renderer.close()
    assert not (tmp_path / "asked").exists()


def test_a_worker_that_cannot_write_its_output_is_reported_as_a_full_disk(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(timeout=600, command=fake_worker(tmp_path))
    try:
        with pytest.raises(SpeechStorageError, match="disk is full"):
            renderer.render("Hold", SETTINGS, tmp_path / "out.wav")
    finally:
        renderer.close()


# -- 5. export --force replaces only regular files ------------------------------------------


def export(tmp_path: Path, out: Path, force: bool = True) -> None:
    cmd_export(
        timeline(tmp_path),
        out,
        FakeRenderer(),
        SETTINGS,
        force,
        io.StringIO(),
        io.StringIO(),
        cache_dir=tmp_path / "cache",
    )


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.wav"
    os.mkfifo(path)
    return path


def link_to(target: Path) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        link = tmp_path / "link.wav"
        link.symlink_to(target)
        return link

    return make


def link_to_fifo(tmp_path: Path) -> Path:
    return link_to(fifo(tmp_path))(tmp_path)


def link_to_folder(tmp_path: Path) -> Path:
    (tmp_path / "folder").mkdir()
    return link_to(tmp_path / "folder")(tmp_path)


@pytest.mark.parametrize(
    "make",
    [fifo, link_to_fifo, link_to_folder, link_to(Path(os.devnull))],
    ids=["FIFO", "symlink to a FIFO", "symlink to a folder", "symlink to a device"],
)
def test_export_force_refuses_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    out = make(tmp_path)
    before = os.lstat(out)
    with pytest.raises(ChoiceError, match=r"regular file|is a folder"):
        export(tmp_path, out)
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_export_force_refuses_a_device_node(tmp_path: Path) -> None:
    node = tmp_path / "null.wav"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    with pytest.raises(ChoiceError, match="device"):
        export(tmp_path, node)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_export_over_a_symlink_replaces_the_link_never_its_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious")
    out = link_to(target)(tmp_path)
    export(tmp_path, out)
    assert target.read_text() == "precious"
    assert not out.is_symlink()
    assert read_wav(out).duration > 0


def test_a_dangling_symlink_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = link_to(tmp_path / "nowhere.wav")(tmp_path)
    with pytest.raises(ChoiceError, match="already exists"):
        export(tmp_path, out, force=False)
    assert out.is_symlink()
