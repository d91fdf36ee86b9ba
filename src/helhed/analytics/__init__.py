"""Analytics: a pseudonymised Parquet export of the operational data, policy-goal indicators (pejlemærker)
as Ibis expressions over it, their targets, and the stored results per period and breakdown."""
