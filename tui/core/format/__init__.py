"""One file to a Digest: decoding, front matter, the main-layout scanner, item text, dates, links.

`parser.read_file` is the entry point; `summaries` cuts one digest's summaries out of its file
again when they are shown, and `search_fold` makes the folded text a search looks in. Nothing
here knows about the cache, the corpus or queries (an import contract holds it).
"""

RULES = 4
"""The version of the reading rules: raise it with any change to what a file reads as (its items,
their headlines, links, authors, sections, summaries, search texts; the digest's title and date).
Every cache made by reading files is keyed to it (`tui.core.cache`), so a Brief that reads files
otherwise reads every file again once, instead of showing what the last one read."""
