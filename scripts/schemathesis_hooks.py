"""Schemathesis hooks for scripts/schemathesis: make generated requests behave
like a real client where the contract asks the client for a fresh identity.

The app makes a new UUID for every user action and sends it as the
`Idempotency-Key` (and, for replies and library registrations, as the
`replyId` / `registrationId` in the body). A generator draws the same few
UUIDs again and again, so without this every later case with another body
would only test the idempotency store (422 `IDEMPOTENCY_KEY_REUSED`, which
the sandbox's own tests cover) and never reach the operation's checks.

Only values that already are valid UUIDs are replaced, by other valid UUIDs:
a case generated to break the schema (a missing or malformed key) stays
broken, so negative-data checks still see exactly what was generated.
"""

import uuid

import schemathesis

# Body members that are a client-made identity, by operation.
IDENTITY_MEMBERS = {
    "replyToNotice": "replyId",
    "registerForLibraryCard": "registrationId",
}


def _is_uuid(value):
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _fresh_member(body, member):
    """Replaces `member` of a JSON body (or of a multipart `reply` part)."""
    if not isinstance(body, dict):
        return
    target = body.get("reply") if isinstance(body.get("reply"), dict) else body
    if _is_uuid(target.get(member)):
        target[member] = str(uuid.uuid4())


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers
    if headers is not None:
        for name in list(headers.keys()):
            if name.lower() == "idempotency-key" and _is_uuid(headers[name]):
                headers[name] = str(uuid.uuid4())
    member = IDENTITY_MEMBERS.get(case.operation.definition.raw.get("operationId"))
    if member is not None:
        _fresh_member(case.body, member)
