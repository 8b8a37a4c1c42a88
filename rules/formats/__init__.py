"""Output formats of findings: text, SARIF, JUnit, XLSX."""
