"""Use cases: one function per thing a user does; the CLI, tests and benchmarks call these."""
