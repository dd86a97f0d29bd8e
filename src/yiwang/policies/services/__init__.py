"""Every change of policies, matches, pushes, grants and objections: one function per action, in a transaction,
audited. Pages, the API, tasks and the demo all call these."""
from .grants import (  # noqa: F401
    answer_objection, cancel_round, confirm_round, exclude_entry, include_entry, instant_apply, propose_round,
    raise_objection, record_grant, revoke_grant, submit_round,
)
from .matching import push_new, recompute_enterprise, recompute_policy, schedule_policy  # noqa: F401
from .policies import (  # noqa: F401
    add_attachment, create_policy, expire_due, publish, set_benefits, set_rule, update_policy, withdraw,
)
