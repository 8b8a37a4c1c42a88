"""The typer application: thin commands over catalog and rules."""
