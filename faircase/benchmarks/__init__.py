"""Parts of `make bench` (faircase/bench.py runs each in its own process). Measured and reported, never asserted."""
