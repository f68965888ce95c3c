"""Brief: a terminal reader for folders of Markdown news digests."""

__version__ = "0.1.0"
