"""Border Atlas benchmarks: each measured case runs beside its baseline in the same run; see bench/README.md."""
