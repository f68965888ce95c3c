"""Brief's core: everything but the screen, and never Textual (an import contract holds it).

`format/` reads one file into a Digest; `cache/` keeps what was read under the cache dir;
`corpus/` is the library of digests, its stories and authors; `query/` answers what the reader
and the command line ask of it; `session.py` ties the library, the view, the read marks and the
state store together for the screen. `model.py` holds the records they share.
"""
