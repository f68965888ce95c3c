"""The corpus: the library of digests (`library.py`, made by `loading.py` from the cache and the
files found by `discovery.py`), who wrote what (`authors.py`), each story numbered once
(`stories.py`), and how the shell names a digest or an item (`refs.py`).
"""
