"""The tag system: the catalog (seeds/tag_catalog.csv) and what is generated from it."""
