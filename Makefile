# Shortcuts for a checkout whose venv exists (the README's test command makes it).
PY := .venv/bin/python

.PHONY: test check snapshots bench

test:
	$(PY) -m pytest -q

check:
	.venv/bin/ruff check tui tests benchmarks
	$(PY) -m mypy
	.venv/bin/lint-imports

snapshots:
	$(PY) -m pytest -q tests/test_snapshots.py --snapshot-update

bench:
	$(PY) benchmarks/run.py --digests 10000
	$(PY) benchmarks/scaling.py
