"""Central points API."""

__version__ = "0.1.0"
