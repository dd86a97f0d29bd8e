"""The demo district (`yiwang demo`): a realistic, fictional 明湖区 of the fictional 江澄市.

Pure data lives in `org_data`, `items_enterprise`, `items_people` and `themes` (no Django import); `spec` holds the
shapes and the pure checks; `loader` writes it all through the org models and the catalogue's service functions.
"""

DEMO_PASSWORD = "yiwang-demo-2026"
