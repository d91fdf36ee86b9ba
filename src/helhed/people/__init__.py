"""People: the organisation (units, staff) and the citizens with their households and networks.

Must never decide who may see a citizen: that is `access`, which sits above this app.
"""
