"""Pure cores of the e-licence app (no Django import): SM2 signing, SM4 key wrapping, the compact payload."""
