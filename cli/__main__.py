"""`python -m cli` runs the gongkai command (as the console script does)."""
from gongkai.cli.launch import main

main()
