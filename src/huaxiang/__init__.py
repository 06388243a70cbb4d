"""Huaxiang (画像): generator, report site and evaluation for the dbt project."""
