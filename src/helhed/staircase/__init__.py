"""The intervention staircase (indsatstrappen) and the social-investment business case."""
