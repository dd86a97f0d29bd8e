"""The pure core of the cases app: no Django import. Tested directly (tests/cases/test_ledger*.py, test_lifecycle.py)."""
