"""The rules engine: registry, selection, findings, runner, baseline, cache and declarative rules."""
