"""Built-in catalogue rules, one module per family (ATT, COD, BAS, DDL, MTH, BOD, PRC, COV, LIF)."""
