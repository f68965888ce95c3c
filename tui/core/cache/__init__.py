"""Everything under the cache dir. Each file is only a copy of what the digests say: anything wrong
with one (missing, truncated, damaged, foreign, another schema) reads as "not cached", and failing
to write one is never an error. `names.py` names every file; `checked_file.py` is their format.

Inventory (one index, stories and search file per set of folders, named by a hash of the roots):

| file | holds | checked by | invalidated by | written by |
| --- | --- | --- | --- | --- |
| `index-<roots>.bin` (`index.py`) | head, in two parts: the first holds the digest count, how many are listed, the first 512 digests' fields as records (the first screen), the derived data, the listed digests' warnings and the years they span; the second every digest's fields in list order (after them, files whose every item is boilerplate, which are not listed), as columns (the derived data: the author book's learned names; files whose content could not be read, by mtime and size; each folder's boilerplate keys, with which the head's item counts were made); then one blob per digest: its packed items and their layout in the file | magic + schema; CRC-32 and Adler-32 of each head part, CRC-32 of each blob | a file's path, mtime or size changing (that digest is parsed again); a damaged head (all parsed again) or blob (that file is read again) | `corpus.loading.load_library` when a check found changes |
| `stories-<roots>.bin` (`stories_file.py`) | story numbers, each array a part of its own: the newest digest and place of each story, every item's story, where each digest starts, the oldest digest of each story (where a scan for its carriers ends); a last part, read on first use: story keys and author tokens → digests | magic + schema; CRC-32 per part; the index head's stamp and digest count | any new index head (another stamp) | `corpus.library.Library.save_stories` |
| `search-<roots>.bin` (`search_texts.py`; format: `search_texts_file.py`) | each digest's folded search texts (UTF-8), then a head of their paths, mtimes, sizes and lengths | magic + schema; a CRC-32 of the head (after it), one of the texts (in the head) | a digest's mtime or size changing (its texts are made again when a search loads them) | `load_library` when every file was parsed (each digest's as it is parsed); `SearchTexts.load` when it had to complete them |
| `postings-<roots>.bin` (`search_index.py`; a block: `search_blocks.py`) | the search's postings, in blocks of 512 digests counted from the oldest: per block, every dense character's bitmap in two layouts (digest by digest, story by story), four hashed rows of character pairs, the items holding each rare character, the block's digest sizes and story groups | magic + schema (its own and the search texts'); a CRC-32 per block; each block's key (its digests' paths, mtimes, sizes and items' places, the second texts (authors' names as shown) and story keys) | a block whose key changed is made again (a new newest digest: only the first block); a damaged block: that block; a foreign file or another schema: every block | `SearchTexts.build_index` (the search worker, after the texts) when any block was made |
| `summaries-<roots>.bin` (`summaries_file.py`) | path → (mtime, size, every item's summary as `--items --json` writes it (JSON text), in UTF-8) | magic + schema; CRC-32 | a digest's mtime or size changing (its summaries are cut from the file again); files gone are dropped when it is written | `--items --json` (`tui.commands`), when it had to cut some |
| `crash.log` | the traceback of the last unexpected error, for a bug report | — | the next crash overwrites it | `tui.cli` |

The index, search texts, summaries and postings files are made by reading digests: the schema
each says holds the reading rules' version too (`format.RULES`), so a Brief that reads files
otherwise (a fixed layout rule, a date read another way) starts them anew instead of showing what
an older one read. (The stories file follows the index head's stamp.)

At the reader's start, `prefetch.Prefetch` reads the index head and the stories' numbers in a
thread while Textual is imported (handed to `corpus.loading.cached_library`, once). The digests
past the head's first records are made from its columns when first asked for
(`head_digests.HeadDigests`, by the check's worker, or by whatever first looks past them).

Every file is written to a temporary file renamed over the old one; the temporary files of a
Brief killed while writing are removed by the next write of that file, once an hour old
(`checked_file.STALE_AFTER`).

In memory, `index.Blobs` keeps the index file open (its item blobs are read on first use) and
`stories_file` keeps the stories file open until its keys part is read. `SearchTexts.index` holds
the postings read or made (with the texts they were made from, block by block) and the matches
of its last twelve needles; a new library starts without.
"""
