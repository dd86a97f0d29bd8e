"""The pure core of the jobs app (no Django): which days a nightly task still owes."""
