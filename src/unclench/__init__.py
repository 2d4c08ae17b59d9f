"""unclench: a calm desktop player for guided relaxation exercises."""

__version__ = "0.1.0"
