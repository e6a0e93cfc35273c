"""`python -m bench`: run the benchmarks and write docs/performance.md."""

from bench.run import main

raise SystemExit(main())
