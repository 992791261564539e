"""What an export will make, checked before any work starts.

``make_plan(...)`` turns the user's words (a path, "1280x720", a layout name...) into an
``ExportPlan`` or raises ``ExportError`` saying what is wrong: an unknown format, a folder
that does not exist or cannot be written, a size too large or odd where H.264 needs it even.
Nothing here trains, renders or writes anything but a probe file that is removed at once.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from galton.core.files import temp_prefix

LAYOUTS = ("combined", "board", "landscape")
#: Formats and the suffixes that choose them. "png" writes numbered PNG frames into a folder
#: (a path without a suffix) or into a .zip archive.
FORMATS = {"mp4": (".mp4", ".m4v"), "webm": (".webm",), "gif": (".gif",), "png": (".zip", "")}
#: Where a path's suffix names no format, these are what it could have been.
KNOWN_SUFFIXES = ", ".join(s for suffixes in FORMATS.values() for s in suffixes if s)
MAX_SIZE = (1920, 1080)
MIN_SIZE = (160, 120)
SIZES = ((640, 360), (854, 480), (1280, 720), (1920, 1080))
MAX_FRAMES = 100_000
START_FROM = ("scenario", "current")


class ExportError(ValueError):
    """Bad export settings, named so the user can fix them (the CLI exits with 2)."""


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class ExportPlan:
    output: Path
    format: str
    layout: str = "combined"
    width: int = 1280
    height: int = 720
    fps: int = 30
    steps: int = 300
    steps_per_frame: int = 1
    balls_per_frame: int = 2
    hold: float = 0.0  # seconds the last frame stays at the end
    start: str = "scenario"  # or "current": continue from the pegs of a running session
    caption: bool = True
    ball_speed: float = 10.0  # rows per second a ball falls
    paddle_class: int = 0  # the ball colour whose p_right the paddles show
    orbit: float = 0.0  # degrees the landscape camera turns over the clip (0: still, fastest)
    quality: int = 20  # H.264 constant rate factor (lower is better and larger)
    warnings: tuple = field(default=(), compare=False)

    @property
    def training_frames(self) -> int:
        """Frame 0 shows the board before training; each next one, ``steps_per_frame`` more."""
        return 1 + math.ceil(self.steps / self.steps_per_frame)

    @property
    def hold_frames(self) -> int:
        return round(self.hold * self.fps)

    @property
    def frames(self) -> int:
        return self.training_frames + self.hold_frames

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    def step_at(self, frame: int) -> int:
        """Training steps taken (from the start of the export) when ``frame`` is shown."""
        return min(self.steps, max(0, frame) * self.steps_per_frame)

    @property
    def size(self) -> tuple:
        return (self.width, self.height)

    @property
    def needs_landscape(self) -> bool:
        return self.layout in ("combined", "landscape")

    def with_(self, **changes) -> ExportPlan:
        return check(replace(self, **changes))

    def describe(self) -> str:
        return (f"{self.frames} frames ({self.seconds:.1f} s at {self.fps} fps), "
                f"{self.width}×{self.height}, {self.layout} layout, {self.format.upper()}: "
                f"{self.steps} steps, {self.steps_per_frame} per frame, "
                f"{self.balls_per_frame} balls per frame")


def parse_size(text) -> tuple:
    """'1280x720' (or ×, or a (w, h) pair) -> (1280, 720)."""
    if isinstance(text, (tuple, list)) and len(text) == 2:
        w, h = text
    else:
        parts = str(text).lower().replace("×", "x").split("x")
        if len(parts) != 2:
            raise ExportError(f"size must be WIDTHxHEIGHT like 1280x720, got {text!r}")
        w, h = (p.strip() for p in parts)
    try:
        return int(w), int(h)
    except (TypeError, ValueError):
        raise ExportError(f"size must be WIDTHxHEIGHT in whole pixels, got {text!r}") from None


def format_for(path, format: str | None = None) -> str:
    """The format named by ``format`` or, if None, by the path's suffix."""
    if format is not None:
        name = str(format).lower().lstrip(".")
        if name in ("png", "zip", "frames"):
            return "png"
        if name in ("m4v", "h264"):
            return "mp4"
        if name not in FORMATS:
            raise ExportError(f"unknown format {format!r}; expected one of "
                              f"{', '.join(FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    if suffix == ".png":
        raise ExportError(f"{path}: a PNG sequence goes into a folder or a .zip file; give a "
                          "path without a suffix (a folder) or ending in .zip")
    raise ExportError(f"{path}: unknown format {suffix!r}; use one of {KNOWN_SUFFIXES}, a folder "
                      "for PNG frames, or --format")


def make_plan(output, *, format=None, size="1280x720", **settings) -> ExportPlan:
    """Check everything and return the plan; raises ExportError naming the problem."""
    if output is None or str(output).strip() == "":
        raise ExportError("no output path given")
    output = Path(os.path.expanduser(str(output)))
    width, height = parse_size(size)
    plan = ExportPlan(output=output, format=format_for(output, format), width=width,
                      height=height, **settings)
    return check(plan)


def _whole(name, value, low, high=None):
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ExportError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        span = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ExportError(f"{name} must be {span}, got {value}")
    return value


def check(plan: ExportPlan) -> ExportPlan:
    """Validate ``plan`` (including that its output can be written); returns it, normalised."""
    if plan.layout not in LAYOUTS:
        raise ExportError(f"unknown layout {plan.layout!r}; expected one of {', '.join(LAYOUTS)}")
    if plan.format not in FORMATS:
        raise ExportError(f"unknown format {plan.format!r}; expected one of {', '.join(FORMATS)}")
    if plan.start not in START_FROM:
        raise ExportError(f"start must be one of {', '.join(START_FROM)}, got {plan.start!r}")
    w = _whole("width", plan.width, MIN_SIZE[0], MAX_SIZE[0])
    h = _whole("height", plan.height, MIN_SIZE[1], MAX_SIZE[1])
    if plan.format in ("mp4", "webm") and (w % 2 or h % 2):
        raise ExportError(f"{plan.format.upper()} needs an even width and height, got {w}x{h}")
    fps = _whole("fps", plan.fps, 1, 60)
    steps = _whole("steps", plan.steps, 0, 10_000_000)
    spf = _whole("steps per frame", plan.steps_per_frame, 1, 100_000)
    bpf = _whole("balls per frame", plan.balls_per_frame, 0, 500)
    paddle = _whole("paddle colour", plan.paddle_class, 0)
    quality = _whole("quality", plan.quality, 0, 51)
    for name, value, low, high in (("hold", plan.hold, 0.0, 60.0),
                                   ("ball speed", plan.ball_speed, 0.5, 200.0),
                                   ("orbit", plan.orbit, -720.0, 720.0)):
        if not (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value) and low <= value <= high):
            raise ExportError(f"{name} must be a number between {low:g} and {high:g}, "
                              f"got {value!r}")
    plan = replace(plan, width=w, height=h, fps=fps, steps=steps, steps_per_frame=spf,
                   balls_per_frame=bpf, paddle_class=paddle, quality=quality,
                   hold=float(plan.hold), ball_speed=float(plan.ball_speed),
                   orbit=float(plan.orbit), caption=bool(plan.caption))
    if plan.frames > MAX_FRAMES:
        raise ExportError(f"{plan.frames} frames is more than {MAX_FRAMES}: take more steps per "
                          "frame or fewer steps")
    check_output(plan.output, plan.format)
    return plan


def check_output(output: Path, format: str) -> None:
    """The output's folder exists and takes a new file; a PNG folder is new or empty; the
    output is not a device or a FIFO (a symbolic link is followed)."""
    output = Path(output)
    try:
        mode = os.stat(output).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ExportError(f"{output}: is a device, a FIFO or a socket; an export is written "
                          "to a file (or PNG frames to a folder)")
    if output.is_symlink():
        output = Path(os.path.realpath(output))
    if format == "png" and output.suffix.lower() != ".zip":
        if output.exists() and not output.is_dir():
            raise ExportError(f"{output}: is a file; PNG frames go into a folder (or a .zip)")
        if output.is_dir() and any(output.iterdir()):
            raise ExportError(f"{output}: the folder is not empty; choose a new or empty folder "
                              "for the PNG frames")
    elif output.is_dir():
        raise ExportError(f"{output}: is a folder; give a file name such as "
                          f"{output / ('training.' + format)}")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {output}: the folder {folder} does not exist")
    try:  # access() says yes to root on a read-only file system: try for real
        fd, probe = tempfile.mkstemp(prefix=temp_prefix(output), suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: the folder {folder} is not writable "
                          f"({exc.strerror})") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
