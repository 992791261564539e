"""The one shader loader: reads GLSL files from shaders/, resolves ``#include "file.glsl"``,
and compiles and links programs, reporting driver errors against the original file and line.

GLSL has no includes, so the loader splices files together and keeps a line map: line k of
the spliced text came from (file, line). Drivers report errors by spliced line (Mesa
``0:12(3): error: ...``, NVIDIA ``0(12) : error C1008: ...``, AMD/Intel/ANGLE
``ERROR: 0:12: ...``); :func:`map_log` rewrites those as ``colormap.glsl:7:3: error: ...``.

A file included twice (directly or through another include) is spliced in once, like
``#pragma once``, so a shared ``common.glsl`` can be included by several includes. Cycles are
errors naming the include line. Only the top file may carry ``#version``.

The reading and mapping parts need no OpenGL; PyOpenGL is imported only to compile, so the
pure parts work (and are tested) on machines without libGL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from galton.resources import shader_path

_INCLUDE = re.compile(r'^\s*#\s*include\s+"(?P<name>[^"]+)"\s*(//.*)?$')
_MALFORMED_INCLUDE = re.compile(r"^\s*#\s*include\b")
_VERSION = re.compile(r"^\s*#\s*version\b")
# Mesa "0:12(3): error: msg", AMD/Intel/ANGLE "ERROR: 0:12: msg".
_LOG_COLON = re.compile(r"^(?P<kind>\s*(?:ERROR|WARNING):\s*)?(?P<src>\d+):(?P<line>\d+)"
                        r"(?:\((?P<col>\d+)\))?:\s*(?P<msg>.*)$")
# NVIDIA "0(12) : error C1008: msg".
_LOG_PAREN = re.compile(r"^(?P<src>\d+)\((?P<line>\d+)\)\s*:\s*(?P<msg>.*)$")


class ShaderError(RuntimeError):
    """A shader could not be read, included, compiled or linked. ``errors`` holds
    (file, line, message) for each located problem (line 0 when the driver gave none)."""

    def __init__(self, message: str, errors=()):
        super().__init__(message)
        self.errors = list(errors)


def read_packaged(name: str) -> str:
    """The text of shaders/<name> (in a checkout or an installed wheel)."""
    return shader_path(*name.split("/")).read_text(encoding="utf-8")


@dataclass
class ShaderSource:
    """A shader with its includes spliced in. ``origins[k]`` is the (file, line) that
    spliced line k + 1 came from."""

    name: str
    text: str
    origins: list = field(default_factory=list)

    def origin(self, line: int) -> tuple[str, int]:
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return self.name, line


def resolve(name: str, reader: Callable[[str], str] = read_packaged) -> ShaderSource:
    """Splice the includes of shader ``name`` (read by ``reader``) into one source."""
    lines: list[str] = []
    origins: list[tuple[str, int]] = []
    done: set[str] = set()

    def read(file: str, where: str) -> str:
        try:
            return reader(file)
        except (KeyError, OSError) as exc:
            raise ShaderError(f"{where}cannot read shader {file!r}: {exc}",
                              [(file, 0, "not found")]) from None

    def splice(current: str, text: str, stack: tuple[str, ...]):
        done.add(current)
        for number, line in enumerate(text.splitlines(), start=1):
            match = _INCLUDE.match(line)
            if match is None and _MALFORMED_INCLUDE.match(line):
                raise ShaderError(f'{current}:{number}: malformed include, expected '
                                  f'#include "file.glsl": {line.strip()}',
                                  [(current, number, line)])
            if match is not None:
                target = match["name"]
                chain = [*stack, current]
                if target in chain:
                    loop = " -> ".join([*chain[chain.index(target):], target])
                    raise ShaderError(f"{current}:{number}: #include cycle: {loop}",
                                      [(current, number, "include cycle")])
                if target not in done:
                    splice(target, read(target, f"{current}:{number}: "), (*stack, current))
                continue
            if stack and _VERSION.match(line):
                raise ShaderError(f"{current}:{number}: #version belongs only in the top file "
                                  f"({name}), not in an include", [(current, number, "#version")])
            lines.append(line)
            origins.append((current, number))

    splice(name, read(name, ""), ())
    return ShaderSource(name, "\n".join(lines) + "\n", origins)


def map_log(log: str, source: ShaderSource) -> tuple[str, list]:
    """Rewrite a driver's info log against the original files. Returns (text, errors)."""
    out, errors = [], []
    for raw in log.splitlines():
        line = raw.rstrip()
        match = _LOG_COLON.match(line) or _LOG_PAREN.match(line)
        if match is None:
            if line:
                out.append(line)
            continue
        file, number = source.origin(int(match["line"]))
        col = match.groupdict().get("col")
        msg = match["msg"]
        kind = (match.groupdict().get("kind") or "").strip().rstrip(":").lower()
        if kind and not msg.lower().startswith(kind):
            msg = f"{kind}: {msg}"
        out.append(f"{file}:{number}:{col + ':' if col else ''} {msg}")
        errors.append((file, number, msg))
    return "\n".join(out), errors


class Program:
    """A linked program with cached uniform locations. Setters take numpy-friendly values."""

    def __init__(self, name: str, program_id: int):
        self.name = name
        self.id = program_id
        self._locations: dict[str, int] = {}

    def location(self, uniform: str) -> int:
        if uniform not in self._locations:
            from OpenGL import GL
            self._locations[uniform] = GL.glGetUniformLocation(self.id, uniform)
        return self._locations[uniform]

    def use(self):
        from OpenGL import GL
        GL.glUseProgram(self.id)

    # Uniforms the compiler optimised away have location -1; GL ignores those writes.
    def set_int(self, uniform: str, value):
        from OpenGL import GL
        GL.glUniform1i(self.location(uniform), int(value))

    def set_float(self, uniform: str, value):
        from OpenGL import GL
        GL.glUniform1f(self.location(uniform), float(value))

    def set_vec(self, uniform: str, value):
        from OpenGL import GL
        v = [float(c) for c in value]
        setter = {2: GL.glUniform2f, 3: GL.glUniform3f, 4: GL.glUniform4f}[len(v)]
        setter(self.location(uniform), *v)

    def set_mat4(self, uniform: str, matrix):
        from OpenGL import GL
        # Row-major numpy: let GL transpose it.
        GL.glUniformMatrix4fv(self.location(uniform), 1, GL.GL_TRUE,
                              np.ascontiguousarray(matrix, dtype=np.float32))


def compile_shader(stage: int, source: ShaderSource) -> int:
    """Compile one stage (GL.GL_VERTEX_SHADER / GL_FRAGMENT_SHADER); needs a current context."""
    from OpenGL import GL
    shader = GL.glCreateShader(stage)
    GL.glShaderSource(shader, source.text)
    GL.glCompileShader(shader)
    if not GL.glGetShaderiv(shader, GL.GL_COMPILE_STATUS):
        log = _text(GL.glGetShaderInfoLog(shader))
        GL.glDeleteShader(shader)
        text, errors = map_log(log, source)
        raise ShaderError(f"{source.name} does not compile:\n{text or log}", errors)
    return shader


def link_program(name: str, vertex: ShaderSource, fragment: ShaderSource) -> Program:
    from OpenGL import GL
    shaders = [compile_shader(GL.GL_VERTEX_SHADER, vertex)]
    try:
        shaders.append(compile_shader(GL.GL_FRAGMENT_SHADER, fragment))
    except ShaderError:
        GL.glDeleteShader(shaders[0])
        raise
    program = GL.glCreateProgram()
    for shader in shaders:
        GL.glAttachShader(program, shader)
    GL.glLinkProgram(program)
    for shader in shaders:  # the program keeps them alive while it needs them
        GL.glDetachShader(program, shader)
        GL.glDeleteShader(shader)
    if not GL.glGetProgramiv(program, GL.GL_LINK_STATUS):
        log = _text(GL.glGetProgramInfoLog(program))
        GL.glDeleteProgram(program)
        raise ShaderError(f"program {name!r} ({vertex.name} + {fragment.name}) does not link:\n"
                          f"{log}", [(vertex.name, 0, log)])
    return Program(name, int(program))


class ProgramCache:
    """Programs of one GL context, compiled once each and cached by name. ``program("surface")``
    links surface.vert with surface.frag; pass ``vertex=``/``fragment=`` to share a stage."""

    def __init__(self, reader: Callable[[str], str] = read_packaged):
        self.reader = reader
        self._programs: dict[str, Program] = {}

    def program(self, name: str, vertex: str | None = None, fragment: str | None = None) -> Program:
        if name not in self._programs:
            vert = resolve(vertex or f"{name}.vert", self.reader)
            frag = resolve(fragment or f"{name}.frag", self.reader)
            self._programs[name] = link_program(name, vert, frag)
        return self._programs[name]

    def __contains__(self, name: str) -> bool:
        return name in self._programs

    def release(self):
        """Delete every program; needs the context they were made in to be current."""
        from OpenGL import GL
        for program in self._programs.values():
            GL.glDeleteProgram(program.id)
        self._programs.clear()


def _text(log) -> str:
    return log.decode("utf-8", "replace") if isinstance(log, bytes) else str(log)
