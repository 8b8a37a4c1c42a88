"""The officers' web workbench (`gongkai serve`): thin pages and actions over catalog/ and rules/."""
