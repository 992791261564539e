"""Small PyOpenGL helpers: buffers that reuse their storage, vertex layouts, a framebuffer
to read pixels back. Everything here needs a current OpenGL 3.3 core context."""

from __future__ import annotations

import ctypes

import numpy as np
from OpenGL import GL


class Buffer:
    """A GL buffer that re-specifies its storage only when the size changes and otherwise
    overwrites it in place (glBufferSubData). ``uploads`` counts both, for tests."""

    def __init__(self, target=GL.GL_ARRAY_BUFFER):
        self.target = target
        self.id = int(GL.glGenBuffers(1))
        self.nbytes = 0
        self.uploads = 0
        self.reallocations = 0

    def upload(self, data: np.ndarray):
        data = np.ascontiguousarray(data)
        GL.glBindBuffer(self.target, self.id)
        if data.nbytes == 0:
            pass
        elif data.nbytes == self.nbytes:
            GL.glBufferSubData(self.target, 0, data.nbytes, data)
        else:
            GL.glBufferData(self.target, data.nbytes, data, GL.GL_DYNAMIC_DRAW)
            self.nbytes = data.nbytes
            self.reallocations += 1
        self.uploads += 1

    def release(self):
        GL.glDeleteBuffers(1, [self.id])
        self.id = 0


def attributes(buffer: Buffer, layout, divisor: int = 0):
    """Point float attributes at ``buffer``: layout is [(location, n_floats), ...] in the
    order they sit in each vertex. Call with the VAO bound."""
    stride = 4 * sum(n for _, n in layout)
    GL.glBindBuffer(GL.GL_ARRAY_BUFFER, buffer.id)
    offset = 0
    for location, n in layout:
        GL.glEnableVertexAttribArray(location)
        GL.glVertexAttribPointer(location, n, GL.GL_FLOAT, GL.GL_FALSE, stride,
                                 ctypes.c_void_p(offset))
        if divisor:
            GL.glVertexAttribDivisor(location, divisor)
        offset += 4 * n


class Texture2D:
    """An RGBA8 texture, linearly filtered, reallocated only when its size changes."""

    def __init__(self):
        self.id = int(GL.glGenTextures(1))
        self.shape = None
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.id)
        for name, value in ((GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR),
                            (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR),
                            (GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE),
                            (GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, name, value)

    def upload(self, rgba: np.ndarray):
        rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
        h, w = rgba.shape[:2]
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.id)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
        if self.shape == (h, w):
            GL.glTexSubImage2D(GL.GL_TEXTURE_2D, 0, 0, 0, w, h, GL.GL_RGBA,
                               GL.GL_UNSIGNED_BYTE, rgba)
        else:
            GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, w, h, 0, GL.GL_RGBA,
                            GL.GL_UNSIGNED_BYTE, rgba)
            self.shape = (h, w)

    def release(self):
        GL.glDeleteTextures(1, [self.id])
        self.id = 0


class Framebuffer:
    """An offscreen colour + depth target, multisampled when asked and supported, that reads
    back as an (h, w, 3) uint8 array, top row first."""

    def __init__(self, width: int, height: int, samples: int = 4):
        self.width, self.height = int(width), int(height)
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"framebuffer size must be positive, got {width}x{height}")
        self.samples = min(int(samples), int(GL.glGetIntegerv(GL.GL_MAX_SAMPLES)))
        self._previous = int(GL.glGetIntegerv(GL.GL_DRAW_FRAMEBUFFER_BINDING))
        self._objects = []
        self.draw_fbo = self._make(self.samples)
        # Multisampled pixels cannot be read directly: resolve into a plain one first.
        self.read_fbo = self._make(0, depth=False) if self.samples > 1 else self.draw_fbo

    def _make(self, samples: int, depth: bool = True) -> int:
        fbo = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, fbo)
        formats = [(GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0)]
        if depth:
            formats.append((GL.GL_DEPTH_COMPONENT24, GL.GL_DEPTH_ATTACHMENT))
        rbos = []
        for fmt, attachment in formats:
            rbo = int(GL.glGenRenderbuffers(1))
            GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, rbo)
            if samples > 1:
                GL.glRenderbufferStorageMultisample(GL.GL_RENDERBUFFER, samples, fmt,
                                                    self.width, self.height)
            else:
                GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, fmt, self.width, self.height)
            GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, attachment, GL.GL_RENDERBUFFER, rbo)
            rbos.append(rbo)
        status = GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER)
        self._objects.append((fbo, rbos))
        if status != GL.GL_FRAMEBUFFER_COMPLETE:
            self.release()
            raise RuntimeError(f"offscreen framebuffer incomplete (status {int(status):#x})")
        return fbo

    def bind(self):
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.draw_fbo)

    def read(self) -> np.ndarray:
        w, h = self.width, self.height
        if self.read_fbo != self.draw_fbo:
            GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.draw_fbo)
            GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self.read_fbo)
            GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.read_fbo)
        GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
        raw = GL.glReadPixels(0, 0, w, h, GL.GL_RGB, GL.GL_UNSIGNED_BYTE)
        pixels = np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)
        return pixels[::-1].copy()  # GL's first row is the bottom one

    def release(self):
        # Back to the binding made before this one, unless that framebuffer is gone too (two
        # targets released in the order they were made).
        previous = self._previous
        if previous and not GL.glIsFramebuffer(previous):
            previous = 0
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, previous)
        for fbo, rbos in self._objects:
            GL.glDeleteRenderbuffers(len(rbos), rbos)
            GL.glDeleteFramebuffers(1, [fbo])
        self._objects.clear()
