"""Each module here adds rows to `make bench`.

A scenario module may define:
- `prepare()`: create the data it needs in the bench database (Django is set up; runs once, before serving);
- `targets()`: a list of `bench.harness.Target` to load over HTTP, each compared with the trivial view;
- `measure()`: in-process measurements, returning `bench.harness.Row`s (for example a service's timing).
"""
