"""Annual reports: parsers produce the neutral tables (tables.py), checks and rendering consume them."""
