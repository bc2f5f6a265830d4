"""Runtime hook (frozen Linux app only): let sounddevice find the PortAudio bundled with the app.

sounddevice asks ``ctypes.util.find_library("portaudio")``, which only looks at the system's
library cache, so on a machine without the libportaudio2 package it would report PortAudio
missing although the bundle has it. Changes that one lookup; touches nothing else.
"""

import ctypes.util
import os
import sys

if sys.platform.startswith("linux"):
    _bundled_portaudio = os.path.join(getattr(sys, "_MEIPASS", ""), "libportaudio.so.2")
    _system_find_library = ctypes.util.find_library

    def _find_library(name: str) -> str | None:
        # The bundled copy first: the loader resolves every other library from the bundle too
        # (LD_LIBRARY_PATH), and it is the copy the package test plays through.
        if name == "portaudio" and os.path.isfile(_bundled_portaudio):
            return _bundled_portaudio
        return _system_find_library(name)

    ctypes.util.find_library = _find_library
