"""The benchmark: `python bench/run.py` (or `make bench`); results in bench/results.md."""
