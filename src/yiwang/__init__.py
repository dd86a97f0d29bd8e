"""Yiwang (一网): an integrated government-services platform."""

__version__ = "0.1.0"
