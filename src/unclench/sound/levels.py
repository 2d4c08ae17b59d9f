"""How loud each part of the sound is: the one rule that turns the user's volumes into the
voice's and the chimes' gains, used by the mixer (what the app plays) and by ``export`` (what
the file holds), so both are the same mix. Pure.

The parts are levelled before these gains apply: every spoken clip is stored at
``loudness.TARGET_LUFS`` (−22 LUFS), every chime is synthesised at ``chimes.CHIME_LUFS``
(−25 LUFS, 3 dB under the voice). With the default volumes (voice 0.9, chimes 0.5) the
chimes then sit a further 5.1 dB down: 8.1 dB under the voice.
"""

from __future__ import annotations

from unclench.settings import Settings


def gains(settings: Settings) -> tuple[float, float]:
    """The (voice, chime) gains the settings ask for: each part's volume scaled by the
    overall volume, 0 when muted."""
    if settings.muted:
        return 0.0, 0.0
    return (
        max(0.0, min(1.0, settings.volume * settings.voice_volume)),
        max(0.0, min(1.0, settings.volume * settings.chime_volume)),
    )
