"""One file to a Digest: decoding, front matter, the main-layout scanner, item text, dates, links.

`parser.read_file` is the entry point; `summaries` cuts one digest's summaries out of its file
again when they are shown, and `search_fold` makes the folded text a search looks in. Nothing
here knows about the cache, the corpus or queries (an import contract holds it).
"""
