"""Disclosure records: what each item obliges, the REC rules and the records check."""
