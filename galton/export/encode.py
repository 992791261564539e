"""Frames -> files: MP4 (H.264) and WebM (VP9) through PyAV, GIF with one palette for the
whole clip, PNG frames into a folder or a .zip. No Qt.

Every writer works on a temporary name beside the target (``.NAME.PID-HOST-XXXX.part``) and
renames it into place only in ``finish()``; ``abort()`` (cancel, Ctrl+C, SIGTERM, any error)
removes it, so a target is either the whole export or untouched. A PNG folder is written as a
hidden temporary folder renamed at the end. A temporary file or folder left by an export that
was killed outright is removed by the next export to that folder (galton.core.files). A
target that is a symbolic link is followed: the file it points to is replaced.

GIF: 256 colours for the whole clip, chosen once by median cut from a few frames spread over
it (``needs_samples``), then every pixel is mapped through a 64³ lookup table (filled as
colours appear) to its nearest palette colour. One palette means no flicker between frames
and small deltas, which the GIF encoder stores as cropped, partly transparent frames.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from galton.core.files import remove_stale_parts, temp_prefix, umask
from galton.export.plan import ExportPlan

#: H.264 encoder speed: "veryfast" is ~2x "medium" with files a few per cent larger at the
#: same quality for these flat, synthetic pictures (benchmarks/bench_export.py).
X264_PRESET = "veryfast"
PNG_COMPRESS_LEVEL = 3  # zlib level: 6 (Pillow's default) is ~2x slower for ~5% smaller files


def _publish(path: Path, folder: bool = False) -> None:
    """Give a finished temporary file (made 0600 by mkstemp) or folder (0700) the mode a new
    file or folder would have had."""
    os.chmod(path, (0o777 if folder else 0o666) & ~umask())


def _real(target: Path) -> Path:
    """Where the export goes: a symbolic link's target (the link stays), else ``target``."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _folder(target: Path) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_parts(folder)
    return folder


def _temp_file(target: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".part", dir=_folder(target))
    os.close(fd)
    return Path(tmp)


class Writer:
    """Base: ``write(frame)`` (h, w, 3) uint8 frames in order, then ``finish()`` or ``abort()``."""

    needs_samples = 0  # frames it wants to see before the first write (GIF: its palette)

    def __init__(self, plan: ExportPlan):
        self.plan = plan
        self.target = _real(Path(plan.output))
        self.written = 0
        self.tmp = _temp_file(self.target)

    def set_samples(self, frames) -> None:
        pass

    def write(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        pass

    def finish(self) -> Path:
        self._close()
        _publish(self.tmp)
        os.replace(self.tmp, self.target)
        return self.target

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


class VideoWriter(Writer):
    """MP4 (libx264, yuv420p, constant quality) or WebM (libvpx-vp9, realtime speed)."""

    def __init__(self, plan: ExportPlan):
        super().__init__(plan)
        try:  # BaseException: Ctrl+C or SIGTERM during the (slow, first) import of av too
            import av

            if plan.format == "mp4":
                self.container = av.open(str(self.tmp), "w", format="mp4",
                                         options={"movflags": "+faststart"})
                stream = self.container.add_stream("libx264", rate=plan.fps)
                stream.options = {"crf": str(plan.quality), "preset": X264_PRESET}
            else:
                self.container = av.open(str(self.tmp), "w", format="webm")
                stream = self.container.add_stream("libvpx-vp9", rate=plan.fps)
                stream.options = {"crf": str(min(63, plan.quality + 12)), "b": "0",
                                  "deadline": "realtime", "cpu-used": "8", "row-mt": "1"}
        except BaseException:
            self.abort()
            raise
        stream.width, stream.height = plan.width, plan.height
        stream.pix_fmt = "yuv420p"
        self.stream = stream
        self._av = av

    def write(self, frame):
        video = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")
        video.pts = self.written
        for packet in self.stream.encode(video):
            self.container.mux(packet)
        self.written += 1

    def _close(self):
        container, self.container = getattr(self, "container", None), None
        if container is None:
            return
        try:
            for packet in self.stream.encode():
                container.mux(packet)
        finally:
            container.close()


def build_palette(samples, colours: int = 256) -> np.ndarray:
    """(colours, 3) uint8: a median-cut palette for the sample frames."""
    from PIL import Image

    frames = [np.asarray(f)[::2, ::2] for f in samples]  # every other pixel is plenty
    montage = np.concatenate([f.reshape(-1, 3) for f in frames])[None, :, :]
    image = Image.fromarray(np.ascontiguousarray(montage), "RGB")
    quantized = image.quantize(colours, method=Image.Quantize.MEDIANCUT)
    palette = np.array(quantized.getpalette()[: 3 * colours], dtype=np.uint8).reshape(-1, 3)
    return palette


class PaletteLookup:
    """Nearest palette colour for every pixel, through a (2^bits)³ table of colour cells that
    is filled lazily: a frame of flat colours and antialiased edges touches a few thousand
    cells, so only those are ever searched (all 262,144 would take seconds)."""

    def __init__(self, palette: np.ndarray, bits: int = 6):
        self.palette = palette.astype(np.int32)
        self.bits = bits
        self.table = np.full(1 << (3 * bits), -1, dtype=np.int16)
        step = 256 // (1 << bits)
        self._centre = step // 2
        self._step = step

    def _fill(self, cells: np.ndarray) -> None:
        bits, mask = self.bits, (1 << self.bits) - 1
        rgb = np.stack([(cells >> (2 * bits)) & mask, (cells >> bits) & mask, cells & mask],
                       axis=1) * self._step + self._centre
        w = np.array([3, 4, 2], dtype=np.int32)  # the eye: green most, blue least
        for start in range(0, len(cells), 2048):
            d = rgb[start:start + 2048, None, :] - self.palette[None, :, :]
            self.table[cells[start:start + 2048]] = np.argmin((d * d * w).sum(axis=2), axis=1)

    def __call__(self, frame: np.ndarray) -> np.ndarray:
        """Palette indices (h, w) uint8 of an RGB frame."""
        bits = self.bits
        f = frame >> (8 - bits)
        cells = (f[..., 0].astype(np.int32) << (2 * bits)) | (f[..., 1].astype(np.int32) << bits) \
            | f[..., 2]
        found = self.table[cells]
        if (found < 0).any():
            self._fill(np.unique(cells[found < 0]))
            found = self.table[cells]
        return found.astype(np.uint8)


class GifWriter(Writer):
    needs_samples = 5

    def __init__(self, plan: ExportPlan):
        super().__init__(plan)
        try:  # BaseException: Ctrl+C or SIGTERM during the (slow, first) import of av too
            import av

            self._av = av
            self.container = av.open(str(self.tmp), "w", format="gif")
            stream = self.container.add_stream("gif", rate=plan.fps)
        except BaseException:
            self.abort()
            raise
        stream.width, stream.height = plan.width, plan.height
        stream.pix_fmt = "pal8"
        self.stream = stream
        self.palette = None

    def set_samples(self, frames):
        self.palette = build_palette(frames)
        self.lookup = PaletteLookup(self.palette)
        argb = np.zeros((256, 4), dtype=np.uint8)  # PyAV takes the palette as A, R, G, B
        argb[:, 0] = 255
        argb[: len(self.palette), 1:] = self.palette
        self._argb = argb

    def write(self, frame):
        if self.palette is None:
            raise RuntimeError("GifWriter needs set_samples() before the first frame")
        indices = self.lookup(np.asarray(frame))
        video = self._av.VideoFrame.from_ndarray((indices, self._argb), format="pal8")
        video.pts = self.written
        for packet in self.stream.encode(video):
            self.container.mux(packet)
        self.written += 1

    _close = VideoWriter._close


def _png_bytes(frame) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(frame), "RGB").save(
        out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def frame_name(index: int) -> str:
    return f"frame_{index:05d}.png"


class PngZipWriter(Writer):
    def __init__(self, plan: ExportPlan):
        super().__init__(plan)
        self.zip = None
        try:
            self.zip = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_STORED)
        except BaseException:
            self.abort()
            raise

    def write(self, frame):
        info = zipfile.ZipInfo(frame_name(self.written), date_time=(1980, 1, 1, 0, 0, 0))
        self.zip.writestr(info, _png_bytes(frame))  # fixed dates: same frames, same bytes
        self.written += 1

    def _close(self):
        z, self.zip = self.zip, None
        if z is not None:
            z.close()


class PngFolderWriter(Writer):
    def __init__(self, plan: ExportPlan):
        self.plan = plan
        self.target = _real(Path(plan.output))
        self.written = 0
        self.tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(self.target), suffix=".part",
                                         dir=_folder(self.target)))

    def write(self, frame):
        (self.tmp / frame_name(self.written)).write_bytes(_png_bytes(frame))
        self.written += 1

    def finish(self) -> Path:
        if self.target.is_dir():  # checked empty before the export began
            self.target.rmdir()
        _publish(self.tmp, folder=True)
        os.replace(self.tmp, self.target)
        return self.target

    def abort(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def open_writer(plan: ExportPlan) -> Writer:
    if plan.format in ("mp4", "webm"):
        return VideoWriter(plan)
    if plan.format == "gif":
        return GifWriter(plan)
    if plan.output.suffix.lower() == ".zip":
        return PngZipWriter(plan)
    return PngFolderWriter(plan)
