"""Access: who may see and do what with a citizen's data, and the audit log of every look-up.

The policy is data (`policy.py`); relations between a staff member and a citizen come from the
domain apps through a registry (`relations.py`), so this app does not depend on them.
An actor with no relation to a citizen gets NotFound (404), never "forbidden": that a person is a
client of the social services is itself personal data.
"""
