"""Cases REST API under /api/v1/ (mounted by cases/api_urls.py).

- `cases/` list (filters, inbox order, pagination) and submission (multipart, `Idempotency-Key` header);
- `cases/inbox/` the cases waiting for the caller;
- `cases/{id}/` detail with an `ETag` (the case version); `cases/{id}/materials/`, `.../materials/{material}/file/`,
  `cases/{id}/timeline/`, `cases/{id}/receipt/`;
- `cases/{id}/actions/{action}/` one POST per action, each calling one service function; the version the caller saw
  goes in `If-Match` (or `version` in the body): missing → 428, stale → 409;
- `bundle-cases/` 一件事 applications: list, submit, detail with children, `actions/deliver/` (统一出件).

Scope: every case read goes through `yiwang.cases.queries.cases_visible_to`; a case outside the caller's scope is a
404, so neither an id nor a case number reveals that a case exists.
"""
