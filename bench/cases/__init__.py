"""Benchmark cases, one module per group; importing a module registers its cases in harness.CASES."""

MODULES = ["throughput", "latency", "asyncio_cases", "green_cases", "tornado_cases", "startup"]
