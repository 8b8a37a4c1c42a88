"""Disclosure records from the website's CMS: the record model, reading exports, the records store."""
