"""Huaxiang (画像): customer-profiling warehouse helpers (generator, evaluation, site)."""
