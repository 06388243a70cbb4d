"""`make bench`: how the warehouse scales (issue 9, benchmark part).

One run generates retail data at a scale into its own folder under
target/bench/, builds it with `dbt build` into its own DuckDB file, and
measures, in the same run: the full build (wall time, peak RSS), a baseline
script producing the same core marts without dbt, identity resolution alone
(the scipy Python model as built, the portable SQL resolver and scipy on the
same edges, plus a stress graph of long chains and the same chains stretched to
the built graph's size), the incremental refresh when
the project has one, and the report site build. Results go to
target/bench/results.json and target/bench/results.md.

Modules: `results` (schema, ratios, the table), `stress` (chain graphs),
`baseline` (the baseline script from the compiled core models), `measure`
(child processes with their peak RSS), `run` (the steps).
"""
