"""The speech boundary's one error type."""

from unclench.core.errors import UnclenchError


class SpeechError(UnclenchError):
    """A prompt could not be rendered (engine missing, crashed, hung, or wrote no audio)."""
