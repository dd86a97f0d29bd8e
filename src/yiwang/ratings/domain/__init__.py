"""Pure rules of 好差评 (no Django import): grades, which services of a case are rated, masking for publication."""
