"""Questions asked of a library: which items pass the filters (`filters.py`), what the reader
shows for them (`view.py`, with the digest list's `rows.py`), and the one place for "each story
once", "which digests carry this story" and "how many are unread" (`folding.py`).
"""
