"""The rules engine: rule registry, built-in rules, declarative rules, findings, output
reports, checklists and scoring. Imports ``catalog``; never imported by it."""
