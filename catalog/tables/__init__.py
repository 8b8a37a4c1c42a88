"""Catalogue tables: reading and writing the ministries' layout (XLSX, CSV, Markdown, HTML)."""
