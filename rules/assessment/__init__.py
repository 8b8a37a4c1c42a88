"""Assessment: department scopes, compliance, checklists and scoring."""
