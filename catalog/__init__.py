"""The catalogue: item model, codes, deadlines and working days, TOML store, workspace,
lifecycle state machine and item graph. Never imports ``rules`` or ``cli``."""
