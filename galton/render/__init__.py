"""OpenGL rendering of the loss landscape: no Qt here, so the Qt view and headless export
(EGL) share it. Submodules import PyOpenGL only when they draw:

* ``shaders``  - the one shader loader (``#include``, errors by file and line)
* ``camera``   - the orbit camera (numpy)
* ``geometry`` - vertex data (numpy)
* ``colormap`` - the colour maps on the CPU, read from shaders/colormap.glsl
* ``landscape`` - ``LandscapeRenderer`` and ``render_to_array``
"""
